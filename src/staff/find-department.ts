// Finds a department by what a person typed or an integrator sent: its id, slug or exact name.
// Departments belong to the queue (src/proposals/), but a staff account belongs to one too, and
// staff/ must not import proposals/, so the lookup lives here where both can use it.
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";

/** A department by id, slug or exact name. */
export async function findDepartment(db: Db, ref: string): Promise<{ id: string; name: string }> {
  const value = ref.trim();
  const dept = await db.prisma.department.findFirst({
    where: { OR: [{ id: value }, { slug: value.toLowerCase() }, { name: value }] },
    select: { id: true, name: true },
  });
  if (!dept) throw new AppError("bad_request", { message: `department: no department with id, slug or name "${value}"`, detail: { field: "department" } });
  return dept;
}
