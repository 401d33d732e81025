import type { IvrNodeDto } from '@rexian/contracts';

/**
 * A designer tree with every node type and every play-item type, for the API tests. Keys of the main
 * menu: 1 play → queue "sales"; 2 HTTP interaction (collect 4 digits) → condition → voicemail "vip" or
 * hang up, errors → hang up; 3 sub-menu (1 back to parent, 2 back to top, * queue "service"); 0 hang up.
 */
export function everyNodeTree(voiceFileId: string): IvrNodeDto {
  return {
    kind: 'menu',
    id: 'main',
    name: '主菜单',
    interruptible: true,
    items: [{ kind: 'tts', text: '欢迎致电' }],
    keys: [
      {
        key: '1',
        next: {
          kind: 'play',
          id: 'play1',
          name: '播放',
          interruptible: false,
          items: [
            { kind: 'voice', voiceFileId },
            { kind: 'digits', value: '123' },
            { kind: 'number', value: '45' },
            { kind: 'amount', value: '12.5' },
            { kind: 'voiceVariable', variable: 'greeting' },
            { kind: 'digitsVariable', variable: 'caller' },
            { kind: 'numberVariable', variable: 'acct' },
            { kind: 'amountVariable', variable: 'balance' },
            { kind: 'ttsVariable', variable: 'called' },
            { kind: 'pause', seconds: 1 },
          ],
          next: { kind: 'queue', id: 'sales', name: '销售', queue: 'sales' },
        },
      },
      {
        key: '2',
        next: {
          kind: 'http',
          id: 'http1',
          name: '查余额',
          interruptible: true,
          items: [{ kind: 'tts', text: '请输入账号' }],
          url: 'http://crm.local/balance',
          method: 'post',
          collect: { variable: 'acct', minDigits: 4, maxDigits: 4 },
          send: ['acct'],
          receive: ['balance'],
          next: {
            kind: 'condition',
            id: 'cond1',
            name: '判断余额',
            branches: [
              {
                variable: 'balance',
                op: 'gt',
                value: '100',
                next: { kind: 'voicemail', id: 'vm1', name: '留言', mailbox: 'vip' },
              },
            ],
            otherwise: { kind: 'hangup', id: 'bye1', name: '再见', items: [{ kind: 'tts', text: '再见' }] },
          },
          onError: { kind: 'hangup', id: 'err1', name: '查询失败' },
        },
      },
      {
        key: '3',
        next: {
          kind: 'menu',
          id: 'sub',
          name: '子菜单',
          interruptible: false,
          items: [{ kind: 'tts', text: '子菜单' }],
          keys: [
            { key: '1', next: { kind: 'backToParent', id: 'up', name: '返回上一级' } },
            { key: '2', next: { kind: 'backToTop', id: 'top', name: '返回顶级' } },
            { key: '*', next: { kind: 'queue', id: 'service', name: '客服', queue: 'service' } },
          ],
        },
      },
      { key: '0', next: { kind: 'hangup', id: 'bye0', name: '挂断' } },
    ],
  };
}

export const everyNodeVariables = ['acct', 'balance', 'greeting'];
