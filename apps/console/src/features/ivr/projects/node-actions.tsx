import { DeleteOutlined, DragOutlined, PlusOutlined, SwapOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import type { Translate } from '../../../i18n/translate.ts';
import {
  addChild,
  canMove,
  changeKind,
  findNode,
  freeSlots,
  type IvrNode,
  type IvrNodeKind,
  moveNode,
  newNode,
  nextNodeId,
  nodeIds,
  nodeKinds,
  parseSlotKey,
  removeNode,
  replaceNode,
  type Slot,
  slotKey,
} from './ivr-tree.ts';

export function slotLabel(slot: Slot, t: Translate): string {
  if (slot.kind === 'key') return t('ivrSlot.key', { key: slot.key });
  if (slot.kind === 'branch') return t('ivrSlot.branch', { n: slot.index + 1 });
  return t(`ivrSlot.${slot.kind}`);
}

/**
 * What can be done to the selected node: add a child into a free slot (下一选项 / 按键 / 条件), move it with
 * its subtree into a free slot elsewhere, change its kind, delete it. Each returns the new tree.
 */
export function NodeActions(props: { root: IvrNode; node: IvrNode; onTree: (root: IvrNode, select?: string) => void }) {
  const { root, node, onTree } = props;
  const { t } = useI18n();
  const free = freeSlots(node);
  const [slot, setSlot] = useState<string | undefined>(undefined);
  const [kind, setKind] = useState<IvrNodeKind>('play');
  const [newKind, setNewKind] = useState<IvrNodeKind>(node.kind);
  const [target, setTarget] = useState<string | undefined>(undefined);
  const [targetSlot, setTargetSlot] = useState<string | undefined>(undefined);
  const isRoot = node.id === root.id;
  const chosenSlot = free.find((s) => slotKey(s) === slot) ?? free[0];
  const kindOptions = nodeKinds.map((k) => ({ value: k, label: t(`ivrNode.kind.${k}`) }));

  const add = () => {
    if (!chosenSlot) return;
    const id = nextNodeId(root);
    onTree(addChild(root, node.id, chosenSlot, newNode(kind, id, t(`ivrNode.kind.${kind}`))), id);
    setSlot(undefined);
  };
  const targetNode = target ? findNode(root, target) : undefined;
  const targetSlots = targetNode ? freeSlots(targetNode).filter((s) => canMove(root, node.id, targetNode.id, s)) : [];
  const move = () => {
    const s = targetSlots.find((x) => slotKey(x) === targetSlot) ?? (targetSlot ? parseSlotKey(targetSlot) : undefined);
    if (!targetNode || !s) return;
    onTree(moveNode(root, node.id, targetNode.id, s), node.id);
    setTarget(undefined);
    setTargetSlot(undefined);
  };
  const moveTargets = nodeIds(root)
    .map((id) => findNode(root, id) as IvrNode)
    .filter((n) => freeSlots(n).some((s) => canMove(root, node.id, n.id, s)));

  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }} data-testid="node-actions">
      {free.length > 0 && (
        <Space wrap>
          <Typography.Text strong>{t('ivrDesigner.addChild')}</Typography.Text>
          <Select
            style={{ width: 130 }}
            value={chosenSlot ? slotKey(chosenSlot) : undefined}
            options={free.map((s) => ({ value: slotKey(s), label: slotLabel(s, t) }))}
            onChange={setSlot}
            data-testid="add-slot"
          />
          <Select<IvrNodeKind>
            style={{ width: 140 }}
            value={kind}
            options={kindOptions}
            onChange={setKind}
            data-testid="add-kind"
          />
          <Button icon={<PlusOutlined />} onClick={add} data-testid="add-child">
            {t('common.add')}
          </Button>
        </Space>
      )}
      {!isRoot && (
        <Space wrap>
          <Typography.Text strong>{t('ivrDesigner.moveTo')}</Typography.Text>
          <Select
            style={{ width: 180 }}
            value={target}
            placeholder={t('ivrDesigner.moveTarget')}
            options={moveTargets.map((n) => ({ value: n.id, label: `${n.name} (${n.id})` }))}
            onChange={(id: string) => {
              setTarget(id);
              setTargetSlot(undefined);
            }}
            data-testid="move-target"
          />
          <Select
            style={{ width: 130 }}
            value={targetSlot}
            disabled={!targetNode}
            options={targetSlots.map((s) => ({ value: slotKey(s), label: slotLabel(s, t) }))}
            onChange={setTargetSlot}
            data-testid="move-slot"
          />
          <Button icon={<DragOutlined />} disabled={!targetNode || !targetSlot} onClick={move} data-testid="move-node">
            {t('ivrDesigner.move')}
          </Button>
        </Space>
      )}
      <Space wrap>
        <Typography.Text strong>{t('ivrDesigner.changeKind')}</Typography.Text>
        <Select<IvrNodeKind>
          style={{ width: 140 }}
          value={newKind}
          options={kindOptions}
          onChange={setNewKind}
          data-testid="change-kind-select"
        />
        <Popconfirm
          title={t('ivrDesigner.confirmChangeKind')}
          okText={t('common.ok')}
          cancelText={t('common.cancel')}
          onConfirm={() => onTree(replaceNode(root, changeKind(node, newKind)), node.id)}
          okButtonProps={{ 'data-testid': 'confirm-change-kind' }}
        >
          <Button icon={<SwapOutlined />} disabled={newKind === node.kind} data-testid="change-kind">
            {t('ivrDesigner.apply')}
          </Button>
        </Popconfirm>
        {!isRoot && (
          <Popconfirm
            title={t('ivrDesigner.confirmDeleteNode', { name: node.name })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => onTree(removeNode(root, node.id), root.id)}
            okButtonProps={{ 'data-testid': 'confirm-delete-node' }}
          >
            <Button danger icon={<DeleteOutlined />} data-testid="node-delete">
              {t('ivrDesigner.deleteNode')}
            </Button>
          </Popconfirm>
        )}
      </Space>
    </Space>
  );
}
