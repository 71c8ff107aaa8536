// Use case: where ideas and reports go. Both go to the coordinator (in the seed, the provincial
// Youth Union, Tỉnh đoàn): an idea or initiative to the Youth Union's team that takes them up, a
// report of a violation of young people's or children's rights to the people who must act on it at
// once (it is urgent: on top of their queue, announced by the deadlines job). No keyword routing:
// a report must never land with a department that does not know it is urgent.
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { RouteResult } from "./route-proposal.ts";

export async function routeIntake(db: Db): Promise<RouteResult> {
  const coordinator =
    (await db.prisma.department.findFirst({ where: { isCoordinator: true }, orderBy: { createdAt: "asc" } })) ??
    (await db.prisma.department.findFirst({ where: { kind: { not: "commune" } }, orderBy: { createdAt: "asc" } }));
  // Start-up seeds the departments, so none at all is a broken installation, not the sender's fault.
  if (!coordinator) throw new AppError("internal", { message: "no departments configured: run the service once to seed them" });
  return { departmentId: coordinator.id, departmentName: coordinator.name, topic: null, matched: true, rule: null, askCommune: false };
}
