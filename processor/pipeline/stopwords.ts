/**
 * Stop-word profiles: the most frequent function words of each language. Language
 * detection scores text against them; keyword extraction drops them. Kept short and
 * hand-picked on purpose: long published lists include content words ("information",
 * "system") that would be wrong to drop as keywords and blur the language profiles.
 */
const lists = {
  en: `a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves`,
  de: `aber alle allem allen aller alles als also am an ander andere anderen auch auf aus bei bin bis bist
    da damit dann das dass dein deine dem den denn der des dich die dies diese diesem diesen dieser dir doch
    dort du durch ein eine einem einen einer eines er es etwas euch euer für gegen gewesen hab habe haben hat
    hatte hier hin hinter ich ihm ihn ihnen ihr ihre im in ist jede jedem jeden jeder jedes jetzt kann kein
    keine können man manche mein meine mich mir mit muss nach nicht nichts noch nun nur ob oder ohne sehr
    sein seine sich sie sind so solche soll sollte sondern über um und uns unser unter viel vom von vor war
    waren warum was weil welche wenn wer werden wie wieder will wir wird wo wurde zu zum zur zwischen`,
  fr: `à afin ai au aucun aussi autre aux avait avec avoir bien c ça car ce ceci cela celle celui ces cet
    cette chez comme comment d dans de depuis des donc dont du elle elles en encore entre est et été être eu
    eux il ils j je l la le les leur leurs lui m ma mais me même mes moi mon n ne nos notre nous on ont ou où
    par pas peu peut plus pour pourquoi qu quand que quel quelle qui s sa sans se ses si son sont sous sur
    ta te tes toi ton tous tout toute toutes très tu un une vos votre vous y`,
  es: `a al algo algunos ante antes como con contra cual cuando de del desde donde durante e el él ella
    ellas ellos en entre era eran es esa esas ese eso esos esta está están estas este esto estos fue fueron
    ha había han hasta hay la las le les lo los más me mi mis mucho muy nada ni no nos nosotros o os otra
    otro para pero poco por porque que qué quien se sea ser si sí sin sobre son su sus también tanto te
    tengo tiene tienen todo todos tu tus un una uno unos y ya yo estaba estaban estoy estamos
    había muy sus`,
  it: `a ad agli al alla alle allo anche ancora avere aveva c che chi ci come con contro così cui da dal
    dalla dalle dei del della delle dello dentro di dove e è ed era erano essere fa fino fra gli ha hanno
    ho i il in io l la le lei loro lui ma mi mio molto ne negli nei nel nella nelle no noi non nostro o
    ogni per perché più poi quale quando quanto quella quelle quello questa queste questo se sei si sia
    siamo sono sta su sua sue sui sul sulla suo suoi tra tu tutti tutto un una uno vi voi`,
  nl: `aan al alle als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een
    eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja
    je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat ons ook op
    over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat we wel werd wezen wie wij
    wil worden wordt zal ze zelf zich zij zijn zo zonder zou`,
  pt: `a à ao aos as às até com como da das de dela dele deles depois do dos e é ela elas ele eles em
    entre era eram essa esse esta está estão este eu foi foram há isso isto já lhe mais mas me mesmo meu
    minha muito na não nas nem no nos nós o os ou para pela pelas pelo pelos por qual quando que quem se
    sem ser seu seus só sua suas também te tem têm tu um uma umas uns você vocês sobre porque estava
    estou estamos pouco ainda então onde aqui isso nosso nossa são tinha foi seja vai num numa`,
} as const;

export type ProfileLanguage = keyof typeof lists;

export const stopWords: Record<ProfileLanguage, ReadonlySet<string>> = Object.fromEntries(
  Object.entries(lists).map(([lang, words]) => [lang, new Set(words.split(/\s+/).filter(Boolean))]),
) as unknown as Record<ProfileLanguage, ReadonlySet<string>>;

export const profileLanguages = Object.keys(lists) as ProfileLanguage[];

/** Every profile's words together: for text whose language is unknown. */
export const anyStopWord: ReadonlySet<string> = new Set(profileLanguages.flatMap((l) => [...stopWords[l]]));
