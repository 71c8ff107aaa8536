// The HTTP boundary's error handling: every failure becomes JSON `{"error":{"code","message",...}}`
// with the right status. Expected failures (AppError, validation, body limits) say what was wrong;
// anything else is logged with its stack and answered with a generic message.
import type { FastifyError, FastifyInstance } from "fastify";
import { ZodError } from "zod";
import { AppError, isRequestError } from "../errors.ts";

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

/**
 * The first zod issue as an API error naming the field. A too-long value in one of
 * `oversizeFields` (the message text, say) is a 413 rather than a 400.
 */
export function zodToAppError(err: ZodError, what: string, oversizeFields: string[] = []): AppError {
  const issue = err.issues[0]!;
  const field = issue.path.join(".") || what;
  const tooBig = issue.code === "too_big" && oversizeFields.includes(field);
  return new AppError(tooBig ? "payload_too_large" : "bad_request", {
    message: `${field}: ${issue.message}`,
    detail: { field },
  });
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | ZodError, request, reply) => {
    // A request code is answered as it is; a failure inside the service (zalo.api, document.refused…) as internal.
    const appError =
      isRequestError(error)
        ? error
        : error instanceof ZodError
          ? zodToAppError(error, "body")
          : fromFastify(error as FastifyError);
    if (appError.code === "internal") request.log.error({ err: error }, "request failed");
    else request.log.info({ code: appError.code, reason: appError.message }, "request refused");
    const body: ErrorBody = { error: { code: appError.code, message: appError.message } };
    if (typeof appError.detail?.field === "string") body.error.field = appError.detail.field;
    void reply.status(appError.statusCode).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: { code: "not_found", message: `no route for ${request.method} ${request.url.split("?")[0]}` } });
  });
}

function fromFastify(error: FastifyError): AppError {
  if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
    return new AppError("payload_too_large", { message: "request body is too large" });
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    const message = error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE" ? "unsupported content type" : error.message;
    return new AppError(error.statusCode === 415 ? "bad_request" : "bad_request", { message });
  }
  return new AppError("internal", { message: "internal error", cause: error });
}
