/** HTTP-aware errors: an AppError plus a status code. Other AppErrors map by code (see statusFor). */
import { AppError, type AppErrorInit } from '../domain/errors.js';

export class HttpError extends AppError {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503,
    init: AppErrorInit,
    readonly headers: Record<string, string> = {},
  ) {
    super(init);
  }
}

export function statusFor(err: AppError): number {
  if (err instanceof HttpError) return err.status;
  if (/not_found|missing$/.test(err.code)) return 404;
  if (/exists|conflict/.test(err.code)) return 409;
  return 400;
}

export const unauthenticated = (): HttpError =>
  new HttpError(401, { code: 'auth.required', en: 'Sign in first.', zh: '请先登录。' });

export const forbidden = (what: string): HttpError =>
  new HttpError(403, { code: 'auth.forbidden', en: `Your role may not ${what}.`, zh: `您的角色无权执行此操作（${what}）。` });

export const notFound = (what: string): HttpError =>
  new HttpError(404, { code: 'api.not_found', en: `Not found: ${what}`, zh: `未找到：${what}` });
