// The chat's voting list on PostgreSQL: order, counts, one's own votes left out, paging (voting-list-story.ts).
import { describe } from "vitest";
import { POSTGRES_URL } from "../support/env.ts";
import { describeVotingList } from "./voting-list-story.ts";

describe.skipIf(!POSTGRES_URL)("on PostgreSQL (skipped: TEST_POSTGRES_URL not set)", () => {
  describeVotingList("postgresql");
});
