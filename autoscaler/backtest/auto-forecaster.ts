import { selectModel, type Forecaster, type Series } from '../../capacity/forecast/index.ts';

/**
 * The "auto" model for replays: choosing a model (a backtest of every candidate) at every
 * one of thousands of decisions would take hours, so the choice is redone once per
 * `reselectEveryMs` of trace time on the history so far, and the chosen model is refitted at
 * every interval in between. Still no peeking: both only ever see the history given to fit().
 */
export function reselectingForecaster(
  horizon: number,
  reselectEveryMs = 86_400_000,
): Forecaster & { choices: string[] } {
  let chosen: Forecaster | null = null;
  let chosenAt = -Infinity;
  const choices: string[] = [];
  return {
    name: 'auto (reselected daily)',
    choices,
    fit(series: Series) {
      const end = series.start + series.values.length * series.stepMs;
      if (!chosen || end - chosenAt >= reselectEveryMs) {
        chosen = selectModel(series, horizon).chosen;
        chosenAt = end;
        if (choices[choices.length - 1] !== chosen.name) choices.push(chosen.name);
      }
      return chosen.fit(series);
    },
  };
}
