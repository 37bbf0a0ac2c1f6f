import { useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { Card, ErrorBox, Load } from '../components/status.js';
import { useApi } from '../components/use-api.js';
import { useI18n } from '../i18n.js';
import type { MsgKey } from '../messages.js';
import { useMe } from '../session.js';

const ROLES = ['admin', 'analyst', 'legal', 'complaint_handler', 'auditor'] as const;
type Role = (typeof ROLES)[number];

export function UsersPage() {
  const { t } = useI18n();
  const me = useMe();
  const users = useApi('users', () => api('listUsers', {}));
  const [error, setError] = useState<unknown>();
  const [form, setForm] = useState<{ username: string; role: Role; password: string }>({ username: '', role: 'analyst', password: '' });
  const act = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await fn();
      users.reload();
    } catch (e) {
      setError(e);
    }
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      await api('createUser', { body: form });
      setForm({ username: '', role: 'analyst', password: '' });
    });
  };
  return (
    <div className="page">
      <h2>{t('usersTitle')}</h2>
      {error ? <ErrorBox error={error} /> : null}
      <Card title={t('addUser')}>
        <form className="inline-form" onSubmit={add}>
          <input placeholder={t('username')} value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} required aria-label={t('username')} />
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })} aria-label={t('role')}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role_${r}` as MsgKey)}
              </option>
            ))}
          </select>
          <input type="password" placeholder={t('newPassword')} value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} required minLength={12} aria-label={t('password')} autoComplete="new-password" />
          <button className="primary" type="submit">
            {t('addUser')}
          </button>
        </form>
      </Card>
      <Load state={users}>
        {({ users: list }) => (
          <table className="grid">
            <thead>
              <tr>
                <th>{t('username')}</th>
                <th>{t('role')}</th>
                <th>{t('status')}</th>
                <th>{t('created')}</th>
                <th>{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((u) => (
                <tr key={u.username}>
                  <td>{u.username}</td>
                  <td>
                    <select
                      value={u.role}
                      disabled={u.username === me.username}
                      aria-label={`${t('role')} ${u.username}`}
                      onChange={(e) => void act(() => api('updateUser', { params: { username: u.username }, body: { role: e.target.value as Role } }))}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(`role_${r}` as MsgKey)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>{u.disabled ? t('disabled') : t('active')}</td>
                  <td>{u.createdAt.slice(0, 16).replace('T', ' ')}</td>
                  <td>
                    {u.username !== me.username ? (
                      <button type="button" className="link" onClick={() => void act(() => api('updateUser', { params: { username: u.username }, body: { disabled: !u.disabled } }))}>
                        {u.disabled ? t('enable') : t('disable')}
                      </button>
                    ) : null}
                    <button
                      type="button"
                      className="link"
                      onClick={() => {
                        const pw = window.prompt(t('newPassword'));
                        if (pw) void act(() => api('updateUser', { params: { username: u.username }, body: { password: pw } }));
                      }}
                    >
                      {t('resetPassword')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Load>
    </div>
  );
}
