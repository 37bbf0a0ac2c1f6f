/** Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes, 1 lane). */
import argon2 from 'argon2';
import { AppError } from '../../domain/errors.js';

const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;

export function checkPasswordPolicy(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError({
      code: 'user.weak_password',
      en: `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`,
      zh: `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符。`,
    });
  }
  if (password.length > 1024) {
    throw new AppError({ code: 'user.long_password', en: 'The password is longer than 1024 characters.', zh: '密码长度超过 1024 个字符。' });
  }
}

export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, verified against when the user does not exist (equal timing). */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('dummy-password-for-timing-equalization');
  return dummyHash;
}
