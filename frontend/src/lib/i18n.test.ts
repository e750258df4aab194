import { describe, expect, it } from "vitest";
import { DICTIONARIES, setLanguage, t } from "./i18n.svelte";

describe("interface texts", () => {
  const english = DICTIONARIES.en;
  for (const lang of ["nl", "de"] as const) {
    it(`${lang} has every English key, filled, with the same placeholders`, () => {
      const other = DICTIONARIES[lang] as Record<string, string>;
      for (const [key, text] of Object.entries(english)) {
        expect(other[key], key).toBeTruthy();
        const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect(names(other[key]!), key).toEqual(names(text));
      }
    });
  }

  it("fills placeholders and follows the chosen language", () => {
    setLanguage("de");
    expect(t("notes_count", { n: 3 })).toBe("3 Notizen");
    setLanguage("nl");
    expect(t("sign_in")).toBe("Inloggen");
    setLanguage("en");
    expect(t("sign_in")).toBe("Sign in");
  });
});
