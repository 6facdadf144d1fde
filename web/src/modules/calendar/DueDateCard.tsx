import { useState } from 'react';
import { Button, Card, DatePicker, Form, InputNumber, Select, Space, Tag, Typography } from 'antd';
import { FieldTimeOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { computeDueDate, type DueDateAnswer } from './calendar.api';
import { formatDateCn, shanghaiToday, weekdayCn } from './dates';

const { Text } = Typography;

interface DueForm {
  start: Dayjs;
  limit: number;
  unit: 'workday' | 'natural';
}

/** 期限试算: the due date of a time limit counted from a start day on the server's working-day calendar. */
export function DueDateCard({ title = '办结期限试算' }: { title?: string }) {
  const [answer, setAnswer] = useState<DueDateAnswer | null>(null);
  const [loading, setLoading] = useState(false);

  const onFinish = async (v: DueForm) => {
    setLoading(true);
    try {
      setAnswer(await computeDueDate(v.start.format('YYYY-MM-DD'), v.limit, v.unit));
    } catch {
      setAnswer(null);
    } finally {
      setLoading(false);
    }
  };

  return (
    <Card
      title={
        <Space>
          <FieldTimeOutlined style={{ color: '#1f5fbf' }} />
          {title}
        </Space>
      }
    >
      <Form<DueForm>
        layout="inline"
        requiredMark={false}
        colon={false}
        initialValues={{ start: dayjs(shanghaiToday()), limit: 20, unit: 'workday' }}
        onFinish={onFinish}
        onValuesChange={() => setAnswer(null)}
        style={{ rowGap: 12 }}
      >
        <Form.Item name="start" label="起算日" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker allowClear={false} style={{ width: 124 }} />
        </Form.Item>
        <Form.Item label="时限">
          <Space.Compact>
            <Form.Item name="limit" noStyle rules={[{ required: true, message: '请输入时限' }]}>
              <InputNumber min={0} max={3650} precision={0} style={{ width: 72 }} aria-label="时限" />
            </Form.Item>
            <Form.Item name="unit" noStyle>
              <Select
                style={{ width: 88 }}
                aria-label="时限单位"
                options={[
                  { value: 'workday', label: '工作日' },
                  { value: 'natural', label: '自然日' },
                ]}
              />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={loading}>
            试算
          </Button>
        </Form.Item>
      </Form>
      <div style={{ marginTop: 16, minHeight: 44 }} data-testid="due-date-result">
        {answer ? (
          <Space orientation="vertical" size={2}>
            <Text>
              到期日：
              <Text strong style={{ fontSize: 16 }}>
                {formatDateCn(answer.dueDate)} {weekdayCn(answer.dueDate)}
              </Text>
              {answer.provisional && (
                <Tag color="orange" style={{ marginInlineStart: 8 }}>
                  暂定日历
                </Tag>
              )}
            </Text>
            <Text type="secondary" style={{ fontSize: 12 }}>
              起算日当天不计入；自然日期限的最后一天遇休息日顺延至下一个工作日。
            </Text>
          </Space>
        ) : (
          <Text type="secondary" style={{ fontSize: 12 }}>
            输入受理日和承诺时限，按工作日历（含法定节假日和调休）计算到期日。即办件时限填 0。
          </Text>
        )}
      </div>
    </Card>
  );
}
