// The chat's voting list on SQLite: order, counts, one's own votes left out, paging (voting-list-story.ts).
import { describeVotingList } from "./voting-list-story.ts";

describeVotingList("sqlite");
