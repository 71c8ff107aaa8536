// English word forms for the lexicon's English table: every inflection a person types finds the
// plain form the table lists, British and American spellings and common slips are one word,
// contractions are spelled out.
import { describe, expect, it } from "vitest";
import { standardSpelling, englishForms, isDeterminer, spellOutContractions } from "../../src/knowledge/search/english-words.ts";

describe("English word forms", () => {
  it.each([
    ["quitting", "quit"],
    ["quits", "quit"],
    ["quitted", "quit"],
    ["resigned", "resign"],
    ["fired", "fire"],
    ["sacked", "sack"],
    ["dismissed", "dismiss"],
    ["laid", "lay"],
    ["paid", "pay"],
    ["hired", "hire"],
    ["companies", "company"],
    ["applied", "apply"],
    ["taxes", "tax"],
    ["refuses", "refuse"],
    ["licenses", "license"],
    ["abuses", "abuse"],
    ["wages", "wage"],
    ["stopped", "stop"],
    ["leaving", "leave"],
    ["left", "leave"],
    ["got", "get"],
    ["children", "child"],
  ])("reads %s as a form of %s", (word, plain) => {
    expect(englishForms(word).has(plain)).toBe(true);
  });

  it("does not make up forms of short words", () => {
    expect([...englishForms("need")]).toEqual(["need"]);
    expect([...englishForms("bus")]).toEqual(["bus"]);
    expect(englishForms("thing").has("th")).toBe(false);
  });

  it.each([
    ["labour", "labor"],
    ["labourers", "laborers"],
    ["organisation", "organization"],
    ["centre", "center"],
    ["enrol", "enroll"],
    ["licence", "license"],
    ["defence", "defense"],
    ["programme", "program"],
    ["labor", "labor"],
    ["hour", "hour"],
    ["salery", "salary"],
    ["goverment", "government"],
    ["unemployement", "unemployment"],
    ["recieve", "receive"],
  ])("spells %s one way: %s", (typed, standard) => {
    expect(standardSpelling(typed)).toBe(standard);
  });

  it("spells out contractions, with or without the apostrophe, and keeps a possessive", () => {
    expect(spellOutContractions("My boss didn't pay me and I can't quit")).toBe("My boss did not pay me and I can not quit");
    expect(spellOutContractions("he won’t give back my deposit, im 17")).toBe("he will not give back my deposit, i am 17");
    expect(spellOutContractions("i dont know, they've said we'll see")).toBe("i do not know, they have said we will see");
    expect(spellOutContractions("my company's rules")).toBe("my company's rules");
  });

  it("knows articles and possessives", () => {
    expect(["a", "the", "my", "their"].every(isDeterminer)).toBe(true);
    expect(isDeterminer("will")).toBe(false);
  });
});
