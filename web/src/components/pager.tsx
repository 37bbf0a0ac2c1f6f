/** Previous / next buttons and the total for a list read a page at a time. */
import type { ReactNode } from 'react';
import { useI18n } from '../i18n.js';

export function Pager(props: { offset: number; page: number; total: number; onOffset: (offset: number) => void; extra?: ReactNode; testId?: string }) {
  const { t } = useI18n();
  const { offset, page, total, onOffset } = props;
  return (
    <div className="pager">
      <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - page))}>
        {t('prev')}
      </button>
      <span data-testid={props.testId}>
        {t('total', { n: total })}
        {props.extra}
      </span>
      <button type="button" disabled={offset + page >= total} onClick={() => onOffset(offset + page)}>
        {t('next')}
      </button>
    </div>
  );
}
