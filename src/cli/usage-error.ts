// A mistake in how the CLI was called, or input it refuses: an AppError "cli.usage", printed
// without a stack, exit code 2 (src/cli/index.ts).
import { AppError } from "../errors.ts";

export function usageError(message: string): AppError<"cli.usage"> {
  return new AppError("cli.usage", { message });
}
