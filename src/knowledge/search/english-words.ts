// English word forms for the lexicon's English table: the inflections of a word ("fired",
// "quitting", "companies", "paid"), its British or American spelling ("labour", "centre",
// "enrol") and common typing slips ("salery"), so the table lists each word once, in its plain
// form, and still reads every form a person types. Deliberately small rules, not a stemmer: the
// table is written in plain forms, and a question's word only has to lead back to one of them.

// Past tenses, participles and plurals the suffix rules cannot undo.
const IRREGULAR: Readonly<Record<string, string>> = {
  paid: "pay", laid: "lay", left: "leave", quit: "quit", sold: "sell", told: "tell", got: "get", gotten: "get",
  gave: "give", given: "give", took: "take", taken: "take", went: "go", gone: "go", made: "make", did: "do",
  done: "do", does: "do", kept: "keep", lost: "lose", sent: "send", spent: "spend", bought: "buy", brought: "bring",
  caught: "catch", stole: "steal", stolen: "steal", fought: "fight", beaten: "beat", broke: "break", broken: "break",
  wrote: "write", written: "write", chose: "choose", chosen: "choose", ran: "run", began: "begin", begun: "begin",
  found: "find", held: "hold", met: "meet", felt: "feel", heard: "hear", said: "say", says: "say", thought: "think",
  taught: "teach", forgot: "forget", forgotten: "forget", hid: "hide", hidden: "hide", drove: "drive", driven: "drive",
  rode: "ride", ridden: "ride", fell: "fall", fallen: "fall", born: "bear", shot: "shoot", slept: "sleep",
  spoke: "speak", spoken: "speak", stood: "stand", understood: "understand", won: "win", wore: "wear", worn: "wear",
  threw: "throw", thrown: "throw", knew: "know", known: "know", grew: "grow", grown: "grow", lent: "lend",
  owed: "owe", lied: "lie", lying: "lie", dying: "die", died: "die", tied: "tie", sued: "sue", suing: "sue",
  children: "child", kids: "kid", women: "woman", men: "man", people: "person", wives: "wife", lives: "life",
  teeth: "tooth", feet: "foot", mice: "mouse", thieves: "thief", leaves: "leave",
  was: "be", were: "be", been: "be", being: "be", am: "be", is: "be", are: "be", has: "have", had: "have",
};

// British spellings written the American way, the words that no suffix rule reaches.
const SPELLING: Readonly<Record<string, string>> = {
  licence: "license", licences: "licenses", defence: "defense", offence: "offense", offences: "offenses",
  pretence: "pretense", programme: "program", programmes: "programs", enrol: "enroll", enrols: "enrolls",
  enrolment: "enrollment", enrolments: "enrollments", fulfil: "fulfill", instalment: "installment",
  instalments: "installments", judgement: "judgment", mum: "mom", mums: "moms", mummy: "mommy", practise: "practice",
  practised: "practiced", tyre: "tire", tyres: "tires", cheque: "check", cheques: "checks", grey: "gray",
  learnt: "learned", spelt: "spelled", burnt: "burned", ageing: "aging", aeroplane: "airplane", storey: "story",
};

// Slips young people often type in the words of this domain ("salery", "goverment", "recieve").
const TYPOS: Readonly<Record<string, string>> = {
  salery: "salary", sallary: "salary", salry: "salary", recieve: "receive", recive: "receive", recieved: "received",
  goverment: "government", govermment: "government", govement: "government", employeer: "employer",
  employeers: "employers", unemployement: "unemployment", unemploment: "unemployment", unemployeed: "unemployed",
  insurence: "insurance", insurrance: "insurance", insurace: "insurance", insuranse: "insurance",
  maternaty: "maternity", maternety: "maternity", pregant: "pregnant", pregnent: "pregnant", pergnant: "pregnant",
  preganant: "pregnant", contruct: "contract", conract: "contract", probabtion: "probation", probaton: "probation",
  probition: "probation", resignaiton: "resignation", dismis: "dismiss", harrassment: "harassment",
  harasment: "harassment", harrasment: "harassment", harrassed: "harassed", harased: "harassed",
  temparary: "temporary", temporay: "temporary", tempory: "temporary", residance: "residence",
  recidence: "residence", registeration: "registration", registation: "registration", militery: "military",
  millitary: "military", milatary: "military", devorce: "divorce", divource: "divorce", mariage: "marriage",
  marrige: "marriage", marraige: "marriage", maried: "married", custady: "custody", allowence: "allowance",
  benifit: "benefit", benefet: "benefit", benifits: "benefits", compansation: "compensation",
  compensasion: "compensation", deposite: "deposit", diposit: "deposit", lisence: "license",
  vocasional: "vocational", vocatonal: "vocational", scholarhip: "scholarship", scolarship: "scholarship",
  tution: "tuition", tuiton: "tuition", privacey: "privacy", infomation: "information", imformation: "information",
  ilegal: "illegal", illigal: "illegal", criminel: "criminal", voilence: "violence", violance: "violence",
  bulling: "bullying", buling: "bullying", oversea: "overseas", abraod: "abroad", buisness: "business",
  bussiness: "business", busness: "business", bussines: "business", entreprenuer: "entrepreneur",
  enterpreneur: "entrepreneur", minimun: "minimum", minium: "minimum", maximun: "maximum", holliday: "holiday",
  accidant: "accident", discrimation: "discrimination", severence: "severance", sevarance: "severance",
  overtim: "overtime", ovetime: "overtime", dismised: "dismissed", resgin: "resign", resing: "resign",
  emplyer: "employer", employe: "employee", labur: "labor", lawer: "lawyer", lawyar: "lawyer", scamed: "scammed",
  gambeling: "gambling", registar: "register", regester: "register", permenant: "permanent", permanant: "permanent",
  apprentiship: "apprenticeship", intership: "internship", volunter: "volunteer", volenteer: "volunteer",
  univercity: "university", universty: "university", collage: "college", sallery: "salary", anual: "annual",
  personnal: "personal", leagal: "legal", shedule: "schedule", goverments: "governments", recieving: "receiving",
};

/**
 * One spelling per word: British forms written the American way ("labour" → "labor",
 * "organisation" → "organization", "centre" → "center") and common typing slips corrected.
 */
export function standardSpelling(word: string): string {
  const listed = SPELLING[word] ?? TYPOS[word];
  if (listed) return listed;
  return word
    .replace(/^(\w{3,})our(s|ed|ing|er|ers|ite|ites|able)?$/, "$1or$2")
    .replace(/^(\w{3,})is(e|es|ed|ing|ation|ations)$/, "$1iz$2")
    .replace(/^(\w{3,})ys(e|es|ed|ing)$/, "$1yz$2")
    .replace(/^(\w{3,})tre(s)?$/, "$1ter$2");
}

const DETERMINERS = new Set(["a", "an", "the", "my", "our", "your", "his", "her", "their", "its", "this", "these", "those"]);

/** Articles and possessives: "quit my job" and "quit the job" say the same to the table. */
export function isDeterminer(word: string): boolean {
  return DETERMINERS.has(word);
}

const VOWEL = /[aeiou]/;

/**
 * The plain forms an English word may be an inflection of, the word itself included: "fired" →
 * fired, fire, fir; "quitting" → quit…; "companies" → company…; "paid" → pay. Two words are taken
 * for the same word when their forms meet; guesses that are not words do no harm, since a table
 * phrase is written in a real form.
 */
export function englishForms(word: string): Set<string> {
  const w = standardSpelling(word);
  const forms = new Set([w]);
  const irregular = IRREGULAR[w];
  if (irregular) forms.add(irregular);
  const add = (stem: string) => {
    if (stem.length < 3 || !VOWEL.test(stem)) return;
    forms.add(stem);
    forms.add(`${stem}e`);
    // "stopp(ed)", "quitt(ing)", "cancell(ed)": the consonant doubled before the ending.
    if (/([bdgklmnprtz])\1$/.test(stem)) forms.add(stem.slice(0, -1));
  };
  if (w.length > 4 && w.endsWith("ies")) forms.add(`${w.slice(0, -3)}y`);
  else if (w.length > 4 && w.endsWith("ied")) forms.add(`${w.slice(0, -3)}y`);
  else if (w.length > 4 && /(s|x|z|ch|sh)es$/.test(w)) {
    forms.add(w.slice(0, -2));
    // "refuses", "licenses", "abuses": the plain form keeps its e.
    if (/[sz]es$/.test(w)) forms.add(w.slice(0, -1));
  }
  else if (w.length > 3 && w.endsWith("s") && !/(ss|us|is)$/.test(w)) forms.add(w.slice(0, -1));
  else if (w.length > 4 && w.endsWith("ed")) add(w.slice(0, -2));
  else if (w.length > 5 && w.endsWith("ing")) add(w.slice(0, -3));
  return forms;
}

/**
 * English contractions spelled out, so "didn't pay" and "did not pay" are the same words for the
 * table: "n't" → " not", "'m" → " am", "'re" → " are", "'ve" → " have", "'ll" → " will", "'d" →
 * " would", also typed without the apostrophe ("dont", "cant", "im"). A possessive "'s" stays.
 */
export function spellOutContractions(text: string): string {
  return text
    .replace(/\b(won|wo)[’']?t\b/gi, "will not")
    .replace(/\b(can)[’']?t\b/gi, "can not")
    .replace(/\b(do|does|did|is|are|was|were|have|has|had|should|could|would|must|need)n[’']?t\b/gi, "$1 not")
    .replace(/\b(i)[’']?m\b/gi, "$1 am")
    .replace(/\b(you|we|they)[’']re\b/gi, "$1 are")
    .replace(/\b(i|you|we|they)[’']?ve\b/gi, "$1 have")
    .replace(/\b(i|you|we|they|he|she|it)[’']ll\b/gi, "$1 will")
    .replace(/\b(i|you|we|they|he|she)[’']d\b/gi, "$1 would");
}
