/** The Prometheus rule-file shapes we render (a subset of the rule file format). */
export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export type Rule = RecordingRule | AlertingRule;

export interface RuleGroup {
  name: string;
  /** Evaluation interval; omitted = the server's global evaluation_interval. */
  interval?: string;
  rules: Rule[];
}

/** One rendered rule file: `dashboards/rendered/prometheus/<name>.rules.yml`. */
export interface RuleFile {
  name: string;
  groups: RuleGroup[];
}

export function isAlert(rule: Rule): rule is AlertingRule {
  return 'alert' in rule;
}
