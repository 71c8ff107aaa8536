// The version of the consent text a person saw when leaving contact details
// (prompts: proposal.consentText), stored with each consent so a later change of wording is known.
export const CONSENT_TEXT_VERSION = "contact-2026-1";
