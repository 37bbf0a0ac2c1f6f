/**
 * File-system and OS errors (ENOENT, EACCES, ENOSPC …) as one clear line naming the path and the
 * reason, instead of a stack trace: "cannot open /x/rejects.csv: no such file or directory (ENOENT)".
 */
export interface SystemErrorLike {
  code: string;
  syscall?: string;
  path?: string;
  message: string;
}

const REASONS: Readonly<Record<string, { zh: string; en: string }>> = {
  ENOENT: { zh: '文件或文件夹不存在', en: 'no such file or directory' },
  EACCES: { zh: '没有权限', en: 'permission denied' },
  EPERM: { zh: '操作不被允许', en: 'operation not permitted' },
  EROFS: { zh: '只读文件系统', en: 'read-only file system' },
  ENOSPC: { zh: '磁盘空间不足', en: 'no space left on device' },
  EISDIR: { zh: '这是一个文件夹', en: 'is a directory' },
  ENOTDIR: { zh: '路径中有一段不是文件夹', en: 'a part of the path is not a directory' },
  EMFILE: { zh: '打开的文件过多', en: 'too many open files' },
  EADDRINUSE: { zh: '端口已被占用', en: 'address already in use' },
};

export function isSystemError(err: unknown): err is SystemErrorLike {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && typeof (err as { syscall?: unknown }).syscall === 'string';
}

/** The path without the temporary suffix writers add before an atomic rename. */
function shownPath(path: string): string {
  return path.replace(/\.tmp-\d+$/, '');
}

export function describeSystemError(err: SystemErrorLike, lang: 'zh' | 'en'): string {
  const reason = REASONS[err.code]?.[lang] ?? err.message;
  const what = err.path !== undefined ? ` ${shownPath(err.path)}` : '';
  const op = err.syscall ?? 'access';
  return lang === 'zh' ? `无法${op === 'open' ? '打开或写入' : `执行 ${op}`}${what}：${reason} (${err.code})` : `cannot ${op}${what}: ${reason} (${err.code})`;
}
