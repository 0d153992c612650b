import type { Slo } from '../../common/slo.ts';
import { burnRateAlerts, operationalAlerts } from './alerts.ts';
import {
  budgetRecordingRules,
  coreRecordingRules,
  queueRecordingRules,
  sliRecordingRules,
} from './recording.ts';
import type { RuleFile } from './types.ts';

export interface RuleOptions {
  /**
   * Evaluation interval of the SLO-window budget group (a 30-day range: once a minute is
   * plenty). Tests pass `null` so it runs at their fast global interval.
   */
  budgetInterval?: string | null;
}

/** Every rule file Headroom ships, generated from the SLO file. */
export function ruleFiles(slo: Slo, options: RuleOptions = {}): RuleFile[] {
  const budgetInterval = options.budgetInterval === undefined ? '1m' : (options.budgetInterval ?? undefined);
  return [
    {
      name: 'headroom-recording',
      groups: [
        coreRecordingRules(),
        queueRecordingRules(slo),
        sliRecordingRules(slo),
        budgetRecordingRules(slo, budgetInterval),
      ],
    },
    { name: 'headroom-alerts', groups: [burnRateAlerts(slo), operationalAlerts(slo)] },
  ];
}
