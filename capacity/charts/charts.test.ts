import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeadroomError } from '../../common/errors.ts';
import { barChart, checkWellFormedXml, lineChart, numberTicks, timeTicks } from './index.ts';
import type { LineChartSpec } from './index.ts';

const hour = 3_600_000;
const t0 = Date.UTC(2026, 2, 28, 20, 0, 0);

function forecastSpec(): LineChartSpec {
  const history = Array.from({ length: 24 }, (_, i) => ({ x: t0 + i * hour, y: 100 + 40 * Math.sin(i / 3) }));
  const forecast = Array.from({ length: 12 }, (_, i) => ({ x: t0 + (24 + i) * hour, y: 110 + i }));
  return {
    title: 'Arrivals: history and forecast',
    subtitle: 'documents per hour',
    xLabel: 'time',
    yLabel: 'documents/h',
    xType: 'time',
    series: [
      { name: 'history', points: history },
      { name: 'forecast p50', points: forecast, dashed: true },
      { name: 'replicas', points: forecast.map((p, i) => ({ x: p.x, y: 2 + (i >> 2) })), step: true },
    ],
    bands: [{ name: 'p10-p90', points: forecast.map((p) => ({ x: p.x, low: p.y - 10, high: p.y + 15 })) }],
    markers: [
      { y: 160, label: 'capacity of 2 pods' },
      { x: t0 + 24 * hour, label: 'now' },
    ],
    y2: { label: 'replicas', series: [{ name: 'pods', points: forecast.map((p) => ({ x: p.x, y: 3 })) }] },
  };
}

test('a line chart is well-formed SVG with axes, legend, band, markers and UTC time labels', () => {
  const svg = lineChart(forecastSpec());
  const { root, elements } = checkWellFormedXml(svg);
  assert.equal(root, 'svg');
  assert.ok(elements > 40);
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /<polygon /, 'the band is drawn');
  assert.match(svg, /stroke-dasharray="6 4"/, 'the dashed series is dashed');
  assert.match(svg, /H[\d.]+V[\d.]+/, 'the step series uses horizontal-then-vertical segments');
  assert.match(svg, />capacity of 2 pods</);
  assert.match(svg, />pods \(right axis\)</);
  assert.match(svg, />time \(UTC\)</);
  // 12-hour ticks: a tick on a new day shows its date, the one between shows only the time.
  assert.match(svg, />03-29 00:00<\/text>.*>12:00<\/text>.*>03-30 00:00</);
});

test('the same spec gives the same bytes; a different spec a different clip id', () => {
  const a = lineChart(forecastSpec());
  const b = lineChart(forecastSpec());
  assert.equal(a, b);
  const other = forecastSpec();
  other.title = 'another';
  const idOf = (svg: string) => /clipPath id="([^"]+)"/.exec(svg)?.[1];
  assert.notEqual(idOf(a), idOf(lineChart(other)));
});

test('hostile names are escaped and invalid XML characters dropped', () => {
  const evil = '</text><script>alert("x")</script> & \'q\' \u0001\u0008 \ud800';
  const svg = lineChart({
    title: evil,
    subtitle: evil,
    xLabel: evil,
    yLabel: evil,
    xType: 'number',
    series: [
      {
        name: evil,
        points: [
          { x: 1, y: 1 },
          { x: 2, y: 3 },
        ],
      },
    ],
    markers: [{ x: 1.5, label: evil }],
  });
  checkWellFormedXml(svg);
  assert.doesNotMatch(svg, /<script/);
  assert.match(svg, /&lt;\/text&gt;&lt;script&gt;alert\(&quot;x&quot;\)/);
  const bars = barChart({
    title: evil,
    xLabel: evil,
    yLabel: evil,
    categories: [evil, 'b'],
    series: [{ name: evil, values: [1, 2] }],
  });
  checkWellFormedXml(bars);
  assert.doesNotMatch(bars, /<script/);
  assert.throws(
    () => lineChart({ ...forecastSpec(), series: [{ name: 'a', color: 'red" onload="x', points: [] }] }),
    /colour must be #rrggbb/,
  );
});

test('empty input draws "no data"; one point draws a dot; NaN is a gap', () => {
  const empty = lineChart({ title: 'empty', xLabel: 'x', yLabel: 'y', xType: 'time', series: [] });
  checkWellFormedXml(empty);
  assert.match(empty, />no data</);
  const allNaN = lineChart({
    title: 'nan',
    xLabel: 'x',
    yLabel: 'y',
    xType: 'number',
    series: [
      {
        name: 's',
        points: [
          { x: 1, y: NaN },
          { x: NaN, y: 2 },
          { x: 3, y: null },
        ],
      },
    ],
  });
  assert.match(allNaN, />no data</);
  const one = lineChart({
    title: 'one',
    xLabel: 'x',
    yLabel: 'y',
    xType: 'time',
    series: [{ name: 's', points: [{ x: t0, y: 5 }] }],
  });
  checkWellFormedXml(one);
  assert.match(one, /<circle /);
  assert.doesNotMatch(one, /no data/);
  const gap = lineChart({
    title: 'gap',
    xLabel: 'x',
    yLabel: 'y',
    xType: 'number',
    series: [{ name: 's', points: [1, 2, NaN, 4, 5].map((y, x) => ({ x, y })) }],
  });
  assert.equal((gap.match(/<path /g) ?? []).length, 2, 'a gap splits the line in two');
  assert.match(barChart({ title: 'b', xLabel: 'x', yLabel: 'y', categories: [], series: [] }), />no data</);
});

test('bad specs are one clear error', () => {
  const base = { title: 't', xLabel: 'x', yLabel: 'y', series: [] };
  assert.throws(
    () => lineChart({ ...base, xType: 'date' as 'time' }),
    (e: Error) => e instanceof HeadroomError && /xType/.test(e.message),
  );
  assert.throws(() => lineChart({ ...base, xType: 'number', width: 10 }), /width must be a whole number/);
  assert.throws(() => lineChart({ ...base, xType: 'number', markers: [{ label: 'none' }] }), /needs x/);
  assert.throws(
    () => barChart({ ...base, categories: ['a', 'b'], series: [{ name: 's', values: [1] }] }),
    /has 1 values for 2 categories/,
  );
});

test('nice ticks: 1-2-5 steps covering the data, UTC time steps', () => {
  const t = numberTicks(0, 97, 5);
  assert.deepEqual(t.values, [0, 20, 40, 60, 80, 100]);
  assert.deepEqual(numberTicks(0.1, 0.3, 3).values, [0.1, 0.2, 0.3]);
  assert.deepEqual(numberTicks(0, 0.3, 4).labels, ['0.0', '0.2', '0.4']);
  assert.deepEqual(numberTicks(0, 25000, 6).labels, ['0', '10k', '20k', '30k']);
  assert.deepEqual(numberTicks(0, 2.5e6, 6).labels, ['0', '1M', '2M', '3M']);
  assert.deepEqual(numberTicks(5, 5).values.length > 1, true);
  const day = timeTicks(Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 2), 5);
  assert.equal(day.step, 6 * hour);
  assert.deepEqual(day.labels, ['01-01 00:00', '06:00', '12:00', '18:00', '01-02 00:00']);
  const weeks = timeTicks(Date.UTC(2026, 0, 1), Date.UTC(2026, 2, 1), 10);
  assert.equal(new Date(weeks.values[0]).getUTCDay(), 1, 'week ticks fall on Mondays');
});

test('a bar chart draws one bar per finite value and a marker line', () => {
  const svg = barChart({
    title: 'MASE per model',
    xLabel: 'model',
    yLabel: 'MASE',
    categories: ['naive', 'holt-winters', 'ensemble'],
    series: [
      { name: 'MASE', values: [1, 0.7, null] },
      { name: 'sMAPE', values: [0.2, -0.1, 0.15] },
    ],
    markers: [{ y: 0.8, label: 'goal 0.8' }],
  });
  checkWellFormedXml(svg);
  const bars = /<g class="bars">(.*?)<\/g>/.exec(svg)?.[1] ?? '';
  assert.equal((bars.match(/<rect /g) ?? []).length, 5);
  assert.match(svg, />goal 0.8</);
});

test('the XML checker rejects what a browser would', () => {
  assert.throws(() => checkWellFormedXml('<a><b></a></b>'), /closes/);
  assert.throws(() => checkWellFormedXml('<a x="1" x="2"/>'), /duplicate/);
  assert.throws(() => checkWellFormedXml('<a>&nbsp;</a>'), /unknown entity/);
  assert.throws(() => checkWellFormedXml('<a>1 < 2</a>'), /expected a name/);
  assert.throws(() => checkWellFormedXml('<a/><b/>'), /second root/);
  assert.throws(() => checkWellFormedXml('<a x=1/>'), /quoted/);
  assert.throws(() => checkWellFormedXml('<a>\u0001</a>'), /not allowed/);
  assert.deepEqual(checkWellFormedXml('<a x="&amp;"><b/>t&#38;</a>\n'), { root: 'a', elements: 2 });
});
