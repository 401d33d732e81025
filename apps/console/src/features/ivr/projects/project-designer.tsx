import { ArrowLeftOutlined, BuildOutlined, SaveOutlined, WarningOutlined } from '@ant-design/icons';
import type { IvrIssue } from '@rexian/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Popconfirm,
  Row,
  Select,
  Space,
  Spin,
  Tabs,
  Tag,
  Tooltip,
  Tree,
  type TreeDataNode,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import type { Translate } from '../../../i18n/translate.ts';
import { errorText } from '../../../shared/error-text.ts';
import { useLoad } from '../../../shared/use-load.ts';
import { useNotify } from '../../../shared/use-notify.ts';
import { type IvrProjectDto, ivrProjectsApi, voiceFilesApi } from '../ivr-api.ts';
import { BuildModal } from './build-modal.tsx';
import { childrenOf, findNode, type IvrNode, nodeIds, replaceNode, type Slot } from './ivr-tree.ts';
import { NodeActions, slotLabel } from './node-actions.tsx';
import { NodeEditor } from './node-editor.tsx';
import { TryPanel } from './try-panel.tsx';

type Draft = Pick<IvrProjectDto, 'name' | 'timeoutQueue' | 'variables' | 'root'>;

function treeData(node: IvrNode, slot: Slot | null, issues: ReadonlyMap<string, IvrIssue[]>, t: Translate): TreeDataNode {
  const problems = issues.get(node.id) ?? [];
  return {
    key: node.id,
    title: (
      <span data-testid={`tree-node-${node.id}`}>
        {slot ? <Tag>{slotLabel(slot, t)}</Tag> : <Tag color="gold">{t('ivrDesigner.initialStep')}</Tag>}
        <Tag color="blue">{t(`ivrNode.kind.${node.kind}`)}</Tag>
        {node.name}
        {problems.length > 0 && (
          <Tooltip title={problems.map((p) => `${p.field}: ${p.message}`).join('; ')}>
            <WarningOutlined style={{ color: '#ff4d4f', marginInlineStart: 6 }} data-testid={`tree-issue-${node.id}`} />
          </Tooltip>
        )}
      </span>
    ),
    children: childrenOf(node).map((c) => treeData(c.child, c.slot, issues, t)),
  };
}

/** 打开项目: the project's node tree, the selected node's editor, 构建 VXML and the try-it panel. */
export function ProjectDesigner({ id, canWrite, onBack }: { id: string; canWrite: boolean; onBack: () => void }) {
  const { t } = useI18n();
  const notify = useNotify();
  const { message } = App.useApp();
  const loaded = useLoad(() => ivrProjectsApi.get(id), [id]);
  const voices = useLoad(() => voiceFilesApi.all(), []);
  const [project, setProject] = useState<IvrProjectDto | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [issues, setIssues] = useState<IvrIssue[]>([]);
  const [dirty, setDirty] = useState(false);
  const [selected, setSelected] = useState<string>('');
  const [saving, setSaving] = useState(false);
  const [building, setBuilding] = useState<IvrProjectDto | null>(null);

  // Only state setters inside: stable for the effect below.
  const adopt = useCallback((p: IvrProjectDto) => {
    setProject(p);
    setDraft({ name: p.name, timeoutQueue: p.timeoutQueue, variables: p.variables, root: p.root });
    setIssues(p.issues);
    setDirty(false);
  }, []);
  useEffect(() => {
    if (loaded.data) {
      adopt(loaded.data);
      setSelected(loaded.data.root.id);
    }
  }, [loaded.data, adopt]);

  const byNode = useMemo(() => {
    const map = new Map<string, IvrIssue[]>();
    for (const i of issues) map.set(i.nodeId, [...(map.get(i.nodeId) ?? []), i]);
    return map;
  }, [issues]);

  if (loaded.error !== undefined)
    return <Alert type="error" showIcon title={errorText(loaded.error, t)} data-testid="page-error" />;
  if (!project || !draft) return <Spin />;

  const edit = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setDirty(true);
  };
  const onTree = (root: IvrNode, select?: string) => {
    edit({ root });
    if (select) setSelected(select);
  };
  const save = async (): Promise<IvrProjectDto | null> => {
    setSaving(true);
    try {
      const saved = await ivrProjectsApi.update(project.id, draft);
      adopt(saved);
      if (saved.issues.length > 0) void message.warning(t('ivrDesigner.savedWithIssues', { n: saved.issues.length }));
      else notify.success(t('common.saved'));
      return saved;
    } catch (e) {
      notify.failure(e);
      return null;
    } finally {
      setSaving(false);
    }
  };
  const openBuild = async () => {
    const current = dirty ? await save() : project;
    if (current) setBuilding(current);
  };

  const node = findNode(draft.root, selected) ?? draft.root;
  const projectIssues = byNode.get('project') ?? [];
  const readOnly = !canWrite;
  return (
    <Card
      data-testid="ivr-designer"
      title={
        <Space>
          {dirty ? (
            <Popconfirm
              title={t('ivrDesigner.confirmLeave')}
              okText={t('common.ok')}
              cancelText={t('common.cancel')}
              onConfirm={onBack}
              okButtonProps={{ 'data-testid': 'confirm-leave' }}
            >
              <Button icon={<ArrowLeftOutlined />} data-testid="designer-back" />
            </Popconfirm>
          ) : (
            <Button icon={<ArrowLeftOutlined />} onClick={onBack} data-testid="designer-back" />
          )}
          {t('ivrDesigner.title', { name: project.name })}
          {project.builtAt ? <Tag color="green">{t('ivrProject.built')}</Tag> : <Tag>{t('ivrProject.notBuilt')}</Tag>}
          {dirty && <Tag color="orange">{t('ivrDesigner.unsaved')}</Tag>}
        </Space>
      }
      extra={
        canWrite && (
          <Space>
            <Button
              icon={<SaveOutlined />}
              loading={saving}
              disabled={!dirty}
              onClick={() => void save()}
              data-testid="designer-save"
            >
              {t('common.save')}
            </Button>
            <Button type="primary" icon={<BuildOutlined />} onClick={() => void openBuild()} data-testid="designer-build">
              {t('ivrDesigner.build')}
            </Button>
          </Space>
        )
      }
    >
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label={t('ivrProject.name')}>
          <Input
            value={draft.name}
            disabled={readOnly}
            maxLength={64}
            onChange={(e) => edit({ name: e.target.value })}
            data-testid="designer-name"
          />
        </Form.Item>
        <Form.Item label={t('ivrProject.timeoutQueue')}>
          <Input
            value={draft.timeoutQueue}
            disabled={readOnly}
            maxLength={64}
            onChange={(e) => edit({ timeoutQueue: e.target.value })}
            data-testid="designer-timeout-queue"
          />
        </Form.Item>
        <Form.Item label={t('ivrProject.variables')} tooltip={t('ivrProject.variablesHint')}>
          <Select
            mode="tags"
            value={draft.variables}
            disabled={readOnly}
            style={{ minWidth: 200 }}
            onChange={(variables: string[]) => edit({ variables })}
          />
        </Form.Item>
      </Form>
      {projectIssues.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={projectIssues.map((i) => `${i.field}: ${i.message}`).join('; ')}
          data-testid="project-issues"
        />
      )}
      <Row gutter={24}>
        <Col xs={24} lg={10}>
          <Tree
            blockNode
            showLine
            expandedKeys={nodeIds(draft.root)}
            selectedKeys={[node.id]}
            treeData={[treeData(draft.root, null, byNode, t)]}
            onSelect={(keys) => {
              const key = keys[0];
              if (key !== undefined) setSelected(String(key));
            }}
            data-testid="ivr-tree"
          />
        </Col>
        <Col xs={24} lg={14}>
          <Tabs
            items={[
              {
                key: 'node',
                label: t('ivrDesigner.nodeTab'),
                children: (
                  <>
                    {canWrite && <NodeActions key={node.id} root={draft.root} node={node} onTree={onTree} />}
                    <NodeEditor
                      node={node}
                      voices={voices.data?.items ?? []}
                      readOnly={readOnly}
                      issues={byNode.get(node.id) ?? []}
                      onChange={(updated) => edit({ root: replaceNode(draft.root, updated) })}
                    />
                  </>
                ),
              },
              {
                key: 'try',
                label: <span data-testid="tab-try">{t('ivrTry.title')}</span>,
                children: <TryPanel run={(input) => ivrProjectsApi.try(project.id, input)} dirty={dirty} onIssues={setIssues} />,
              },
              {
                key: 'vxml',
                label: 'VXML',
                children: project.builtVxml ? (
                  <pre
                    style={{ maxHeight: 480, overflow: 'auto', fontSize: 12, background: '#fafafa', padding: 12 }}
                    data-testid="built-vxml"
                  >
                    {project.builtVxml}
                  </pre>
                ) : (
                  <Alert type="info" showIcon title={t('ivrProject.notBuilt')} />
                ),
              },
            ]}
          />
        </Col>
      </Row>
      <BuildModal
        project={building}
        onClose={() => setBuilding(null)}
        onIssues={setIssues}
        onBuilt={(built, config) => {
          setBuilding(null);
          adopt(built);
          notify.success(config ? t('ivrDesigner.builtWithConfig', { number: config.number }) : t('ivrDesigner.builtDone'));
        }}
      />
    </Card>
  );
}
