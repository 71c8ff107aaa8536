// How an opportunity reads in a message the service sends on its own (an immediate notice, a weekly
// digest): the same one line the chat lists it with (prompts: opportunities.item), and the sentence
// saying why the person receives it and how to stop. NoticeTexts is the dialogue notices' shape.
import type { NoticeTexts } from "../dialogue/notify-round-question.ts";
import type { Locale } from "../prompts.ts";
import { formatVietnamDate } from "../vietnam-time.ts";

export type { NoticeTexts };

export function opportunityLine(
  texts: NoticeTexts,
  locale: Locale,
  n: number,
  o: { title: string; organiser: string; place: string; deadline: Date | null; startsAt: Date | null; link: string | null },
): string {
  const t = (key: string, vars?: Record<string, string | number>) => texts.prompts.t(locale, key, vars);
  const when = o.deadline ? t("opportunities.deadline", { date: formatVietnamDate(o.deadline) }) : o.startsAt ? t("opportunities.startsAt", { date: formatVietnamDate(o.startsAt) }) : "";
  return t("opportunities.item", { n, title: o.title, organiser: o.organiser, place: o.place, when, link: o.link ? ` ${o.link}` : "" });
}

/** The public list, for "see all" in a digest. */
export const opportunitiesPage = (texts: NoticeTexts) => `${(texts.publicBaseUrl ?? "").replace(/\/+$/, "")}/co-hoi`;
