/**
 * `suitrate user add|list|passwd|disable|enable` — local users of the dashboard. There is no
 * default user or password: the first admin is created here. Passwords come from --password-file,
 * from stdin when it is not a terminal, or from a hidden prompt (asked twice).
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { AppError } from '../../domain/errors.js';
import { ROLES, isRole } from '../../server/auth/roles.js';
import { createUser, listUsers, setDisabled, setPassword } from '../../server/auth/users.js';
import { contextFrom, withWorkspace } from '../context.js';
import { emit } from '../output.js';

interface PasswordOpts {
  passwordFile?: string;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

function firstLine(text: string): string {
  return (text.split(/\r?\n/)[0] ?? '').trim();
}

async function promptHidden(question: string): Promise<string> {
  let muted = false;
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (!muted) process.stderr.write(chunk);
      cb();
    },
  });
  const rl = createInterface({ input: process.stdin, output: out, terminal: true });
  try {
    return await new Promise<string>((res) => {
      rl.question(question, (answer) => {
        process.stderr.write('\n');
        res(answer);
      });
      muted = true;
    });
  } finally {
    rl.close();
  }
}

export async function readNewPassword(opts: PasswordOpts): Promise<string> {
  if (opts.passwordFile) return firstLine(readFileSync(opts.passwordFile, 'utf8'));
  if (!process.stdin.isTTY) return firstLine(await readStdin());
  const a = await promptHidden('Password (at least 12 characters) / 密码（至少 12 个字符）: ');
  const b = await promptHidden('Repeat / 再输入一次: ');
  if (a !== b) throw new AppError({ code: 'user.password_mismatch', en: 'The two passwords differ.', zh: '两次输入的密码不一致。' });
  return a;
}

export function registerUser(program: Command): void {
  const user = program.command('user').description('Manage dashboard users (local accounts, argon2id passwords, roles)');

  user
    .command('add')
    .description(`Create a user; roles: ${ROLES.join(', ')}. The password is read from --password-file, stdin, or a hidden prompt.`)
    .requiredOption('--username <name>', 'login name (lowercase letters, digits, . _ -)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--password-file <path>', 'read the password from the first line of this file')
    .action(async (opts: { username: string; role: string } & PasswordOpts, cmd: Command) => {
      const ctx = contextFrom(cmd);
      if (!isRole(opts.role)) throw new AppError({ code: 'user.bad_role', en: `Unknown role ${opts.role}; use one of ${ROLES.join(', ')}.`, zh: `未知角色 ${opts.role}；可选：${ROLES.join('、')}。` });
      const role = opts.role;
      const password = await readNewPassword(opts);
      await withWorkspace(ctx, async (ws) => {
        const u = await createUser(ws.conn, { username: opts.username, role, password });
        emit(ctx.format, u, [{ title: ctx.lang === 'zh' ? '已创建用户' : 'User created', columns: ['username', 'role'], rows: [[u.username, u.role]] }]);
      });
    });

  user
    .command('list')
    .description('List users')
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = contextFrom(cmd);
      await withWorkspace(ctx, async (ws) => {
        const users = await listUsers(ws.conn);
        emit(ctx.format, users, [{ columns: ['username', 'role', 'disabled', 'created', 'password changed'], rows: users.map((u) => [u.username, u.role, u.disabled, u.createdAt, u.passwordChangedAt]) }]);
      }, { mustExist: true });
    });

  user
    .command('passwd <username>')
    .description("Set a user's password (signs out their sessions)")
    .option('--password-file <path>', 'read the password from the first line of this file')
    .action(async (username: string, opts: PasswordOpts, cmd: Command) => {
      const ctx = contextFrom(cmd);
      const password = await readNewPassword(opts);
      await withWorkspace(ctx, async (ws) => {
        await setPassword(ws.conn, username, password);
        ctx.note(ctx.lang === 'zh' ? `已更新 ${username} 的密码。` : `Password of ${username} changed.`);
      }, { mustExist: true });
    });

  for (const disabled of [true, false]) {
    user
      .command(`${disabled ? 'disable' : 'enable'} <username>`)
      .description(disabled ? 'Disable a user (signs out their sessions)' : 'Enable a disabled user')
      .action(async (username: string, _opts: unknown, cmd: Command) => {
        const ctx = contextFrom(cmd);
        await withWorkspace(ctx, async (ws) => {
          await setDisabled(ws.conn, username, disabled);
          ctx.note(`${username}: ${disabled ? 'disabled' : 'enabled'}`);
        }, { mustExist: true });
      });
  }
}
