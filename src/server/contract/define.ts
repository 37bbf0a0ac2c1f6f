/**
 * The API contract: one object per route with its method, path, access rule and zod schemas. The
 * server registers routes from it (validation + OpenAPI document), the typed client and the web app
 * infer their types from it, and the security tests iterate over it. This folder imports only zod
 * and plain TypeScript so the browser bundle can use it too.
 */
import { z } from 'zod';
import type { Permission } from '../auth/roles.js';

/** 'public' = no session needed; 'session' = any signed-in user; else a permission. */
export type Access = 'public' | 'session' | Permission;

export type Method = 'get' | 'post' | 'put' | 'delete';

export interface RouteSpec {
  method: Method;
  /** OpenAPI-style path, e.g. /api/cases/{caseId}. */
  path: string;
  access: Access;
  summary: string;
  /** The area that owns the back end; the web app hides pages whose area is not in /api/me features. */
  tag: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** JSON request body. */
  body?: z.ZodType;
  /** 'json' (default): JSON response validated by `response`; 'file': a download; 'upload': multipart body. */
  kind?: 'json' | 'file' | 'upload';
  response: z.ZodType;
  /** For 'upload' routes: the multipart fields (documented; validated by the handler). */
  form?: z.ZodObject;
  /** The response may include personal data (masked forms); each such view is audited. */
  personal?: boolean;
}

export function route<const S extends RouteSpec>(spec: S): S {
  return spec;
}

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), en: z.string(), zh: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});
export type ErrorBodyT = z.infer<typeof ErrorBody>;

/** Empty successful response. */
export const Ok = z.object({ ok: z.literal(true) });

/** Download routes describe their body loosely; the content type says what it is. */
export const FileBody = z.string().describe('file download');

type Maybe<T> = T extends z.ZodType ? z.input<T> : undefined;
type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

export type RouteInput<S extends RouteSpec> = {
  params: Maybe<S['params']>;
  query: Maybe<S['query']>;
  body: Maybe<S['body']>;
};
export type RouteParsed<S extends RouteSpec> = {
  params: Out<S['params']>;
  query: Out<S['query']>;
  body: Out<S['body']>;
};
export type RouteResponse<S extends RouteSpec> = z.output<S['response']>;
