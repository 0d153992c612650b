import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectLanguage } from './language.ts';

const samples: Record<string, string> = {
  en: 'The committee has reviewed the proposal and we would like to thank you for the work that you have done on it.',
  de: 'Der Ausschuss hat den Vorschlag geprüft und wir möchten uns bei Ihnen für die Arbeit bedanken, die Sie daran geleistet haben.',
  fr: 'Le comité a examiné la proposition et nous voudrions vous remercier pour le travail que vous avez fait sur ce projet.',
  es: 'El comité ha revisado la propuesta y nos gustaría agradecerle por el trabajo que usted ha hecho en este proyecto.',
  it: 'Il comitato ha esaminato la proposta e vorremmo ringraziarvi per il lavoro che avete fatto su questo progetto.',
  nl: 'De commissie heeft het voorstel bekeken en wij willen u bedanken voor het werk dat u eraan hebt gedaan.',
  pt: 'O comitê analisou a proposta e gostaríamos de agradecer pelo trabalho que você fez neste projeto, que não foi pouco.',
};

for (const [expected, text] of Object.entries(samples)) {
  test(`detects ${expected} with a clear confidence`, () => {
    const guess = detectLanguage(text);
    assert.equal(guess.language, expected);
    assert.ok(guess.confidence >= 0.4 && guess.confidence <= 1, `confidence ${guess.confidence}`);
  });
}

test("says 'und' when unsure: other scripts, code, names, numbers, too little text", () => {
  for (const text of [
    'Быстрая коричневая лиса прыгает через ленивую собаку и не думает о последствиях.',
    '敏捷的棕色狐狸跳过了懒狗。',
    'const x = foo(bar); return baz.qux(1, 2, 3);',
    'Alice Bob Carol Dave Eve Mallory Trent Peggy Victor',
    '12 34 56 78 90',
    'the',
    '',
  ]) {
    assert.equal(detectLanguage(text).language, 'und', text);
  }
});

test('a mixed document goes to the language of most of it', () => {
  const text = `${samples.de} ${samples.de} ${samples.en}`;
  assert.equal(detectLanguage(text).language, 'de');
  assert.ok(detectLanguage(text).confidence < detectLanguage(samples.de).confidence);
});

test('case and accents do not matter to the profile match', () => {
  assert.equal(detectLanguage(samples.fr.toUpperCase()).language, 'fr');
});

test('RTL text and emoji around a language do not confuse it', () => {
  assert.equal(detectLanguage(`😀 שלום ${samples.it} 🎉`).language, 'it');
});
