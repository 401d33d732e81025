import type { Page, VoiceFileDto } from '@rexian/contracts';
import { AutoComplete } from 'antd';
import { useEffect, useState } from 'react';
import { apiRequest } from '../../../api/http-client.ts';
import { useCan } from '../../../layout/require-permission.tsx';

/**
 * 设置队列背景音 (§4.6.5.4): the queue names a voice file. Free text, with the voice files (§4.6.5) offered
 * as the user types when the role may read them (ivr.read).
 */
export function MusicOnHoldField(props: { value?: string | null; onChange?: (value: string) => void }) {
  const { value, onChange } = props;
  const mayRead = useCan()('ivr.read');
  const [q, setQ] = useState('');
  const [opened, setOpened] = useState(false);
  const [names, setNames] = useState<string[]>([]);

  useEffect(() => {
    if (!opened || !mayRead) return;
    let live = true;
    const timer = setTimeout(() => {
      apiRequest<Page<VoiceFileDto>>('/voice-files', { query: { page: 1, pageSize: 50, q } })
        .then((page) => live && setNames(page.items.map((f) => f.name)))
        .catch(() => live && setNames([]));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, opened, mayRead]);

  return (
    <AutoComplete
      value={value ?? ''}
      onChange={(text: string) => onChange?.(text)}
      onSearch={setQ}
      onFocus={() => setOpened(true)}
      options={names.map((name) => ({ value: name }))}
      allowClear
      data-testid="queue-moh"
    />
  );
}
