import { useEffect } from 'react';
import { App, Button, Card, Form, InputNumber, Space, Typography } from 'antd';
import { api } from '../../app/request';
import { useApi } from '../../app/useApi';

const { Paragraph } = Typography;

interface RankingWeights {
  goodRate: number;
  volume: number;
  badReview: number;
  card: number;
}
interface EvaluationsConfig {
  rankingWeights: RankingWeights;
  rankingMinVolume: number;
  [key: string]: unknown;
}

const FIELDS: Array<{ name: keyof RankingWeights; label: string; help: string }> = [
  { name: 'goodRate', label: '好评率（满分）', help: '好评率 100% 时得满分，按比例折算' },
  { name: 'volume', label: '评价量（满分）', help: '当月评价量最多者得满分，其余按比例折算' },
  { name: 'badReview', label: '每件差评扣分', help: '每件有效差评扣减的分数' },
  { name: 'card', label: '每张黄/红牌扣分', help: '每张电子监察亮牌扣减的分数' },
];

/** 排名权重: how the monthly window and staff rankings (红旗窗口、服务明星) weigh their records. */
export function WeightsTab() {
  const { message } = App.useApp();
  const cfg = useApi(() => api.get<EvaluationsConfig>('/evaluations/config'), []);
  const [form] = Form.useForm<RankingWeights & { rankingMinVolume: number }>();
  useEffect(() => {
    if (cfg.data) form.setFieldsValue({ ...cfg.data.rankingWeights, rankingMinVolume: cfg.data.rankingMinVolume });
  }, [cfg.data, form]);

  const save = async (v: RankingWeights & { rankingMinVolume: number }) => {
    const { rankingMinVolume, ...weights } = v;
    // The whole configuration goes back with the new weights, so nothing else falls back to a default.
    const saved = await api.put<EvaluationsConfig>('/evaluations/config', { ...cfg.data, rankingWeights: weights, rankingMinVolume });
    form.setFieldsValue({ ...saved.rankingWeights, rankingMinVolume: saved.rankingMinVolume });
    void message.success('排名权重已保存，本月排名按新权重计算（已存档的月份不变）');
  };

  return (
    <Card size="small" loading={cfg.loading} style={{ maxWidth: 640 }}>
      <Paragraph type="secondary">月度窗口和个人排名的得分 = 好评率得分 + 评价量得分 − 差评扣分 − 亮牌扣分。已存档月份的排名保留当时的权重。</Paragraph>
      <Form form={form} layout="horizontal" labelCol={{ span: 9 }} onFinish={save} data-testid="weights-form">
        {FIELDS.map((f) => (
          <Form.Item key={f.name} name={f.name} label={f.label} extra={f.help} rules={[{ required: true, message: '请填写' }]}>
            <InputNumber min={0} max={1000} step={1} style={{ width: 140 }} />
          </Form.Item>
        ))}
        <Form.Item name="rankingMinVolume" label="参评最少评价数" extra="当月有效评价少于此数的窗口或个人不参加评选" rules={[{ required: true, message: '请填写' }]}>
          <InputNumber min={0} max={1000} precision={0} style={{ width: 140 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            保存
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
