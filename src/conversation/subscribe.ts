// The chat side of subscriptions (src/announcements/): /dangky, "đăng ký nhận tin" or "subscribe"
// asks, with numbered choices, which kinds of opportunity (several may be typed: "1 3"), which area
// (a commune or ward, or the whole province), and whether to be told at once or in a weekly digest;
// then shows what was chosen with the consent sentence. A place we know (announcements/known-places.ts)
// is kept under its known name; one we do not know is named back with up to three close names as
// numbered choices and "Cả tỉnh", and nothing moves on until one is chosen. "Đồng ý" saves the
// subscription, records the consent to receive messages (privacy/consents.ts) and turns the stop
// switch back on, in the message's transaction. /huydangky or STOP (notice-switch.ts) stops
// everything at once.
import { kindsIn } from "../announcements/kind-words.ts";
import { OPPORTUNITY_KINDS, type OpportunityKind } from "../announcements/opportunity-status.ts";
import { isPlaceName, loadKnownPlaces, looksLikePlace, resolvePlace } from "../announcements/known-places.ts";
import { subscribe } from "../announcements/subscribe.ts";
import { CADENCES, MESSAGES_CONSENT, MESSAGES_CONSENT_VERSION, type Cadence } from "../announcements/subscription-terms.ts";
import { setNoticesStopped } from "../db/chat-users.ts";
import type { Db } from "../db/client.ts";
import { isAppError } from "../errors.ts";
import { recordConsent, withdrawConsents } from "../privacy/consents.ts";
import type { DialogData } from "./dialog-state.ts";
import { confirmation, foldForIntent } from "./intent.ts";
import type { Choice } from "./messages.ts";
import { idleKeeping, type Outcome, type Turn } from "./turn.ts";

type Chosen = NonNullable<DialogData["subscribe"]>;

const WHOLE_PROVINCE = /^(ca tinh|toan tinh|tat ca|ca tinh a|khap tinh|moi noi|whole province|everywhere|all)( a| nhe)*$/;

const data = (turn: Turn, subscribe: Chosen): DialogData => ({ lastChoices: [], ...(turn.state.data.lastQuestion ? { lastQuestion: turn.state.data.lastQuestion } : {}), subscribe });

function kindChoices(turn: Turn): Choice[] {
  return [...OPPORTUNITY_KINDS.map((k) => ({ id: `sub:kind:${k}`, label: turn.t(`subscribe.kindLabels.${k}`) })), { id: "sub:kind:all", label: turn.t("subscribe.allKinds") }];
}

/** /dangky: the first question. */
export function startSubscribe(turn: Turn): Outcome {
  return { kind: "settings", replies: [{ text: turn.t("subscribe.askKinds"), choices: kindChoices(turn) }], next: { flow: "subscribe:kinds", data: data(turn, { kinds: [] }) } };
}

/** "1 3", "việc làm, khóa học", a button, or "tất cả": the kinds chosen; null when none is recognised. */
function readKindsAnswer(turn: Turn): OpportunityKind[] | null {
  const choice = turn.msg.choice;
  if (choice === "sub:kind:all") return [...OPPORTUNITY_KINDS];
  if (choice?.startsWith("sub:kind:")) {
    const k = choice.slice(9);
    return (OPPORTUNITY_KINDS as readonly string[]).includes(k) ? [k as OpportunityKind] : null;
  }
  const folded = foldForIntent(turn.msg.text);
  if (/^(tat ca|all|ca|moi loai)( a| nhe)*$/.test(folded)) return [...OPPORTUNITY_KINDS];
  const numbers = folded.match(/\d+/g);
  if (numbers && /^[\d\s,;va]+$/.test(folded)) {
    const picked = numbers.map(Number);
    if (picked.some((n) => n < 1 || n > OPPORTUNITY_KINDS.length + 1)) return null;
    return picked.includes(OPPORTUNITY_KINDS.length + 1) ? [...OPPORTUNITY_KINDS] : [...new Set(picked.map((n) => OPPORTUNITY_KINDS[n - 1]!))];
  }
  const named = kindsIn(folded);
  return named.length ? named : null;
}

export function onKinds(turn: Turn): Outcome {
  const kinds = readKindsAnswer(turn);
  if (!kinds) return { kind: "settings", replies: [{ text: turn.t("subscribe.kindsAgain"), choices: kindChoices(turn) }], next: turn.state };
  return {
    kind: "settings",
    replies: [{ text: turn.t("subscribe.askArea"), choices: [{ id: "sub:area:all", label: turn.t("subscribe.wholeProvince") }] }],
    next: { flow: "subscribe:area", data: data(turn, { kinds }) },
  };
}

function cadenceChoices(turn: Turn): Choice[] {
  return CADENCES.map((c) => ({ id: `sub:cadence:${c}`, label: turn.t(`subscribe.cadences.${c}`) }));
}

const wholeProvinceChoice = (turn: Turn): Choice => ({ id: "sub:area:all", label: turn.t("subscribe.wholeProvince") });

/** The area is settled: on to the cadence. */
function askCadence(turn: Turn, kinds: string[], area: string): Outcome {
  return { kind: "settings", replies: [{ text: turn.t("subscribe.askCadence"), choices: cadenceChoices(turn) }], next: { flow: "subscribe:cadence", data: data(turn, { kinds, area }) } };
}

/** A place we do not know: named back, with the close names we know to pick by number, or "Cả tỉnh". */
function placeNotKnown(turn: Turn, kinds: string[], text: string, suggestions: string[], examples: string[], reply = "subscribe.areaNotKnown"): Outcome {
  const vars = { text: text.slice(0, 60), examples: examples.join(", ") };
  const hint = turn.t(suggestions.length ? "subscribe.areaPickSuggestion" : examples.length ? "subscribe.areaTypeAgain" : "subscribe.areaTypeAgainPlain", vars);
  return {
    kind: "settings",
    replies: [{ text: `${turn.t(reply, vars)} ${hint}`, choices: [...suggestions.map((name, i) => ({ id: `sub:area:pick:${i + 1}`, label: name })), wholeProvinceChoice(turn)] }],
    next: { flow: "subscribe:area", data: data(turn, { kinds, ...(suggestions.length ? { suggestions } : {}) }) },
  };
}

export async function onArea(db: Db, turn: Turn): Promise<Outcome> {
  const chosen = turn.state.data.subscribe ?? { kinds: [] };
  const text = turn.msg.text.trim();
  const choice = turn.msg.choice;
  if (choice === "sub:area:all" || (!choice && WHOLE_PROVINCE.test(foldForIntent(text)))) return askCadence(turn, chosen.kinds, "");
  // A name offered for a place we did not know: the list shown is the one kept with the flow.
  const picked = choice?.startsWith("sub:area:pick:") ? chosen.suggestions?.[Number(choice.slice(14)) - 1] : undefined;
  if (picked) return askCadence(turn, chosen.kinds, picked);
  const malformed = (): Outcome => ({ kind: "settings", replies: [{ text: turn.t("subscribe.areaUnknown", { text: text.slice(0, 60) }), choices: [wholeProvinceChoice(turn)] }], next: turn.state });
  if (choice || !looksLikePlace(text)) return malformed();
  const known = await loadKnownPlaces(db.prisma, turn.now);
  const resolved = resolvePlace(known, text);
  if ("place" in resolved) return askCadence(turn, chosen.kinds, resolved.place);
  if (!isPlaceName(text)) return malformed();
  if ("anyPlace" in resolved) return askCadence(turn, chosen.kinds, text);
  const examples = known.places.filter((p) => p.registered).slice(0, 2).map((p) => p.name);
  return placeNotKnown(turn, chosen.kinds, text, resolved.suggestions, examples);
}

export function onCadence(turn: Turn): Outcome {
  const chosen = turn.state.data.subscribe ?? { kinds: [] };
  const folded = foldForIntent(turn.msg.text);
  const cadence: Cadence | null = turn.msg.choice?.startsWith("sub:cadence:")
    ? ((CADENCES as readonly string[]).includes(turn.msg.choice.slice(12)) ? (turn.msg.choice.slice(12) as Cadence) : null)
    : /\b(ngay|lien|immediate|now|1)\b/.test(folded)
      ? "immediate"
      : /\b(tuan|weekly|week|2)\b/.test(folded)
        ? "weekly"
        : null;
  if (!cadence) return { kind: "settings", replies: [{ text: turn.t("subscribe.askCadence"), choices: cadenceChoices(turn) }], next: turn.state };
  const next: Chosen = { ...chosen, cadence };
  const kinds = next.kinds.length === OPPORTUNITY_KINDS.length || next.kinds.length === 0 ? turn.t("subscribe.allKindsWords") : next.kinds.map((k) => turn.t(`opportunities.kinds.${k}`)).join(", ");
  return {
    kind: "settings",
    replies: [
      {
        text: turn.t("subscribe.confirm", { kinds, area: next.area || turn.t("subscribe.wholeProvince"), cadence: turn.t(`subscribe.cadences.${cadence}`) }),
        choices: [
          { id: "sub:yes", label: turn.t("subscribe.yes") },
          { id: "sub:no", label: turn.t("subscribe.no") },
        ],
      },
    ],
    next: { flow: "subscribe:confirm", data: data(turn, next) },
  };
}

export function onSubscribeConfirm(turn: Turn): Outcome {
  const chosen = turn.state.data.subscribe;
  const answer = turn.msg.choice === "sub:yes" ? "yes" : turn.msg.choice === "sub:no" ? "no" : confirmation(turn.msg.text);
  const idle = idleKeeping(turn.state);
  if (answer !== "yes" || !chosen?.cadence) return { kind: "settings", replies: [{ text: turn.t("subscribe.cancelled") }], next: idle };
  return {
    kind: "settings",
    replies: [{ text: turn.t(chosen.cadence === "weekly" ? "subscribe.doneWeekly" : "subscribe.doneImmediate") }],
    next: idle,
    commit: async (tx) => {
      try {
        await subscribe(tx, { userId: turn.identity.userId, kinds: chosen.kinds, area: chosen.area ?? "", cadence: chosen.cadence!, now: turn.now });
      } catch (err) {
        // The place was known when chosen but is not now (its commune removed, its last opportunity
        // over): nothing is written yet, so ask for the area again rather than fail the message.
        if (!isAppError(err, "bad_request") || err.detail?.reason !== "unknownPlace") throw err;
        const suggestions = Array.isArray(err.detail.suggestions) ? err.detail.suggestions.map(String) : [];
        return placeNotKnown(turn, chosen.kinds, chosen.area ?? "", suggestions, [], "subscribe.areaGone");
      }
      // A new consent replaces the one given before (its row stays, withdrawn, as the record).
      await withdrawConsents(tx, { userId: turn.identity.userId, purposes: [MESSAGES_CONSENT], now: turn.now });
      await recordConsent(tx, { userId: turn.identity.userId, purpose: MESSAGES_CONSENT, textVersion: MESSAGES_CONSENT_VERSION, now: turn.now });
      await setNoticesStopped(tx, turn.identity.userId, null);
    },
  };
}
