// Ideas and reports go to the coordinating department (the Youth Union in the seed); with no
// department at all the installation is broken, and that is the one error type every boundary
// knows how to answer (internal: logged, a generic message to the person), not a bare Error.
import { describe, expect, it } from "vitest";
import { AppError } from "../../src/errors.ts";
import { routeIntake } from "../../src/proposals/route-intake.ts";
import { seedDepartments } from "../../src/proposals/seed-departments.ts";
import { freshDatabaseEachTest } from "../support/database.ts";

describe("routing ideas and reports", () => {
  const fresh = freshDatabaseEachTest("sqlite");

  it("sends them to the coordinating department", async () => {
    await seedDepartments(fresh.db);
    const coordinator = await fresh.db.prisma.department.findFirstOrThrow({ where: { isCoordinator: true } });
    expect(await routeIntake(fresh.db)).toMatchObject({ departmentId: coordinator.id, departmentName: coordinator.name, matched: true });
  });

  it("fails as an internal AppError naming the fix when no department exists", async () => {
    const failure = await routeIntake(fresh.db).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: "internal", statusCode: 500, message: "no departments configured: run the service once to seed them" });
  });
});
