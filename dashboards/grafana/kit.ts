/**
 * The few building blocks every Headroom dashboard shares, over the Grafana Foundation SDK
 * builders: one Prometheus datasource variable, the namespace/instance variables, and panel
 * helpers that refuse a panel without a title, a description or a unit.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
  ReduceDataOptionsBuilder,
  BigValueGraphMode,
  LegendDisplayMode,
  LegendPlacement,
  TooltipDisplayMode,
  SortOrder,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  VariableRefresh,
  VariableSort,
  type Panel,
  type VariableModel,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';

/** Every query goes through the dashboard's datasource variable. */
export const datasource = { type: 'prometheus', uid: '${datasource}' };

export function datasourceVariable(): cog.Builder<VariableModel> {
  return new DatasourceVariableBuilder('datasource')
    .label('Prometheus')
    .type('prometheus')
    .description('The Prometheus that scrapes the processor, its workers and the autoscaler.');
}

/**
 * A label-value variable, multi-select with "All" = `.*` so a missing label (local stack:
 * no namespace) still matches.
 */
export function labelVariable(
  name: string,
  label: string,
  query: string,
  description: string,
): cog.Builder<VariableModel> {
  return new QueryVariableBuilder(name)
    .label(label)
    .description(description)
    .datasource(datasource)
    .query({ query, refId: `${name}-values`, qryType: 1 })
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ selected: true, text: ['All'], value: ['$__all'] });
}

export function namespaceVariable(): cog.Builder<VariableModel> {
  return labelVariable(
    'namespace',
    'Namespace',
    'label_values(up, namespace)',
    'Kubernetes namespace of the environment (empty on the local stack).',
  );
}

export function instanceVariable(metric: string): cog.Builder<VariableModel> {
  return labelVariable(
    'instance',
    'Instance',
    `label_values(${metric}{namespace=~"$namespace"}, instance)`,
    'Scrape target (pod or local process).',
  );
}

export interface Query {
  expr: string;
  legend: string;
}

export function q(expr: string, legend: string): Query {
  return { expr, legend };
}

function target(query: Query, index: number): DataqueryBuilder {
  return new DataqueryBuilder()
    .datasource(datasource)
    .refId(String.fromCharCode(65 + index))
    .expr(query.expr)
    .legendFormat(query.legend)
    .range();
}

export interface PanelSpec {
  title: string;
  description: string;
  /** A Grafana unit id (`s`, `percentunit`, `bytes`, `reqps`, `short`, `suffix: docs/s`...). */
  unit: string;
  queries: Query[];
  /** Threshold lines (e.g. the SLO): value → colour; the base step is green. */
  thresholds?: Array<{ value: number; color: string }>;
  /** Thresholds colour the base step red and go green above (e.g. budget remaining). */
  thresholdsAscending?: boolean;
  min?: number;
  max?: number;
  /** Grid width (of 24) and height. */
  width?: number;
  height?: number;
}

function thresholds(spec: PanelSpec): ThresholdsConfigBuilder {
  const base = spec.thresholdsAscending ? 'red' : 'green';
  return new ThresholdsConfigBuilder()
    .mode(ThresholdsMode.Absolute)
    .steps([{ value: null, color: base }, ...(spec.thresholds ?? [])]);
}

function check(spec: PanelSpec): void {
  if (!spec.title.trim() || !spec.description.trim() || !spec.unit.trim() || spec.queries.length === 0) {
    throw new Error(`panel "${spec.title}" needs a title, a description, a unit and a query`);
  }
}

export function timeseries(spec: PanelSpec): cog.Builder<Panel> {
  check(spec);
  const panel = new TimeseriesPanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(datasource)
    .unit(spec.unit)
    .span(spec.width ?? 12)
    .height(spec.height ?? 8)
    .fillOpacity(10)
    .legend(
      new VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(LegendDisplayMode.List)
        .placement(LegendPlacement.Bottom),
    )
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending))
    .thresholds(thresholds(spec))
    .thresholdsStyle(
      new GraphThresholdsStyleConfigBuilder().mode(
        spec.thresholds ? GraphThresholdsStyleMode.Dashed : GraphThresholdsStyleMode.Off,
      ),
    )
    .targets(spec.queries.map(target));
  if (spec.min !== undefined) panel.min(spec.min);
  if (spec.max !== undefined) panel.max(spec.max);
  return panel;
}

export function stat(spec: PanelSpec): cog.Builder<Panel> {
  check(spec);
  const panel = new StatPanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(datasource)
    .unit(spec.unit)
    .span(spec.width ?? 6)
    .height(spec.height ?? 5)
    .graphMode(BigValueGraphMode.Area)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .thresholds(thresholds(spec))
    .targets(spec.queries.map(target));
  if (spec.min !== undefined) panel.min(spec.min);
  if (spec.max !== undefined) panel.max(spec.max);
  return panel;
}
