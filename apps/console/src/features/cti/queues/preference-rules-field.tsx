import { ArrowDownOutlined, ArrowLeftOutlined, ArrowRightOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Button, Card, Col, List, Row, Space, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { moveItem, type PreferenceRule, preferenceRules } from '../cti-values.ts';

/**
 * 非唯一算法 (§4.6.4.1): the manual's two lists. 右移 puts a rule in use, 左移 takes it out, 上移 / 下移 order
 * the rules in use — the higher, the stronger. Any number of rules, each at most once.
 */
export function PreferenceRulesField(props: { value?: PreferenceRule[]; onChange?: (value: PreferenceRule[]) => void }) {
  const { value = [], onChange } = props;
  const { t } = useI18n();
  const available = preferenceRules.filter((rule) => !value.includes(rule));
  const icon = (title: string, node: ReactNode, onClick: () => void, disabled: boolean, testId: string) => (
    <Tooltip title={title}>
      <Button size="small" icon={node} onClick={onClick} disabled={disabled} aria-label={title} data-testid={testId} />
    </Tooltip>
  );
  return (
    <Row gutter={16}>
      <Col span={12}>
        <Card size="small" title={t('queue.rules.available')}>
          <List
            size="small"
            dataSource={available}
            data-testid="rules-available"
            renderItem={(rule) => (
              <List.Item
                actions={[
                  icon(
                    t('queue.rules.chosen'),
                    <ArrowRightOutlined />,
                    () => onChange?.([...value, rule]),
                    false,
                    `rule-add-${rule}`,
                  ),
                ]}
              >
                {t(`queue.rule.${rule}`)}
              </List.Item>
            )}
          />
        </Card>
      </Col>
      <Col span={12}>
        <Card size="small" title={t('queue.rules.chosen')}>
          <List
            size="small"
            dataSource={value}
            data-testid="rules-chosen"
            renderItem={(rule, index) => (
              <List.Item
                data-testid={`rule-chosen-${rule}`}
                actions={[
                  <Space key="moves" size={4}>
                    {icon(
                      t('queue.rules.up'),
                      <ArrowUpOutlined />,
                      () => onChange?.(moveItem(value, index, -1)),
                      index === 0,
                      `rule-up-${rule}`,
                    )}
                    {icon(
                      t('queue.rules.down'),
                      <ArrowDownOutlined />,
                      () => onChange?.(moveItem(value, index, 1)),
                      index === value.length - 1,
                      `rule-down-${rule}`,
                    )}
                    {icon(
                      t('queue.rules.available'),
                      <ArrowLeftOutlined />,
                      () => onChange?.(value.filter((r) => r !== rule)),
                      false,
                      `rule-remove-${rule}`,
                    )}
                  </Space>,
                ]}
              >
                {`${index + 1}. ${t(`queue.rule.${rule}`)}`}
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
