/**
 * Local users. Passwords are argon2id hashes; there is no default user and no default password —
 * the first admin is created with `suitrate user add --role admin` (or by the demo with a random
 * password it prints once). Every change is written to the audit log by the caller's audit hook.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { AppError } from '../../domain/errors.js';
import { exec, queryOne, queryRows } from '../../store/sql.js';
import { appendAudit } from '../audit/audit-log.js';
import { checkPasswordPolicy, hashPassword } from './password.js';
import { isRole, type Role } from './roles.js';

export interface UserRecord {
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  passwordChangedAt: string;
}

interface UserRow extends Record<string, unknown> {
  username: string;
  role: string;
  disabled: boolean;
  created_at: string;
  password_changed_at: string;
  password_hash: string;
}

const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{1,31}$/;

export function checkUsername(username: string): void {
  if (!USERNAME_RE.test(username)) {
    throw new AppError({
      code: 'user.bad_username',
      en: `Invalid username "${username}": use 2–32 lowercase letters, digits, dots, dashes or underscores, starting with a letter or digit.`,
      zh: `用户名“${username}”无效：请使用 2–32 位小写字母、数字、点、连字符或下划线，并以字母或数字开头。`,
    });
  }
}

function toRecord(r: UserRow): UserRecord {
  if (!isRole(r.role)) throw new Error(`unknown role ${r.role} for user ${r.username}`);
  return { username: r.username, role: r.role, disabled: r.disabled, createdAt: r.created_at, passwordChangedAt: r.password_changed_at };
}

/** Who did it, for the audit log. `actor: null` = a CLI command run by the machine's operator. */
export interface Actor {
  actor: string | null;
  actorRole: string | null;
  ip?: string | null;
}

export const CLI_ACTOR: Actor = { actor: null, actorRole: 'cli' };

export async function findUserWithHash(conn: DuckDBConnection, username: string): Promise<(UserRecord & { passwordHash: string }) | undefined> {
  const r = await queryOne<UserRow>(conn, 'SELECT username, role, disabled, created_at, password_changed_at, password_hash FROM app_user WHERE username = ?', [username]);
  return r ? { ...toRecord(r), passwordHash: r.password_hash } : undefined;
}

export async function findUser(conn: DuckDBConnection, username: string): Promise<UserRecord | undefined> {
  const u = await findUserWithHash(conn, username);
  if (!u) return undefined;
  const { passwordHash: _omit, ...rest } = u;
  return rest;
}

export async function listUsers(conn: DuckDBConnection): Promise<UserRecord[]> {
  const rows = await queryRows<UserRow>(conn, 'SELECT username, role, disabled, created_at, password_changed_at, password_hash FROM app_user ORDER BY username');
  return rows.map(toRecord);
}

export interface NewUser {
  username: string;
  role: Role;
  password: string;
}

/**
 * Create a user (argon2id hash of `password`, which must meet the length policy). The demo uses it
 * to create a demo admin with a random password it prints once; there is no default password.
 */
export async function createUser(conn: DuckDBConnection, user: NewUser, actor: Actor = CLI_ACTOR, now: Date = new Date()): Promise<UserRecord> {
  checkUsername(user.username);
  if (!isRole(user.role)) throw new AppError({ code: 'user.bad_role', en: `Unknown role ${String(user.role)}`, zh: `未知角色 ${String(user.role)}` });
  checkPasswordPolicy(user.password);
  if (await findUser(conn, user.username)) {
    throw new AppError({ code: 'user.exists', en: `User ${user.username} already exists.`, zh: `用户 ${user.username} 已存在。` });
  }
  const hash = await hashPassword(user.password);
  const ts = now.toISOString().replace('T', ' ').replace('Z', '');
  await exec(conn, 'INSERT INTO app_user VALUES (?, ?, ?, FALSE, ?::TIMESTAMP, ?::TIMESTAMP)', [user.username, user.role, hash, ts, ts]);
  await appendAudit(conn, { ...actor, action: 'user.create', target: user.username, detail: { role: user.role } }, now);
  const created = await findUser(conn, user.username);
  if (!created) throw new Error('user vanished after insert');
  return created;
}

async function mustFind(conn: DuckDBConnection, username: string): Promise<UserRecord> {
  const u = await findUser(conn, username);
  if (!u) throw new AppError({ code: 'user.not_found', en: `No user ${username}.`, zh: `没有用户 ${username}。`, exitCode: 4 });
  return u;
}

export async function setPassword(conn: DuckDBConnection, username: string, password: string, actor: Actor = CLI_ACTOR, now: Date = new Date()): Promise<void> {
  await mustFind(conn, username);
  checkPasswordPolicy(password);
  const hash = await hashPassword(password);
  await exec(conn, 'UPDATE app_user SET password_hash = ?, password_changed_at = ?::TIMESTAMP WHERE username = ?', [hash, now.toISOString().replace('T', ' ').replace('Z', ''), username]);
  await exec(conn, 'DELETE FROM app_session WHERE username = ?', [username]);
  await appendAudit(conn, { ...actor, action: 'user.password', target: username }, now);
}

export async function setDisabled(conn: DuckDBConnection, username: string, disabled: boolean, actor: Actor = CLI_ACTOR, now: Date = new Date()): Promise<void> {
  await mustFind(conn, username);
  await exec(conn, 'UPDATE app_user SET disabled = ? WHERE username = ?', [disabled, username]);
  if (disabled) await exec(conn, 'DELETE FROM app_session WHERE username = ?', [username]);
  await appendAudit(conn, { ...actor, action: disabled ? 'user.disable' : 'user.enable', target: username }, now);
}

export async function setRole(conn: DuckDBConnection, username: string, role: Role, actor: Actor = CLI_ACTOR, now: Date = new Date()): Promise<void> {
  const before = await mustFind(conn, username);
  if (!isRole(role)) throw new AppError({ code: 'user.bad_role', en: `Unknown role ${String(role)}`, zh: `未知角色 ${String(role)}` });
  await exec(conn, 'UPDATE app_user SET role = ? WHERE username = ?', [role, username]);
  await exec(conn, 'DELETE FROM app_session WHERE username = ?', [username]);
  await appendAudit(conn, { ...actor, action: 'user.role', target: username, detail: { from: before.role, to: role } }, now);
}
