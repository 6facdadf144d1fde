import { Form, Input, Radio } from 'antd';
import type { FormInstance } from 'antd';
import type { Applicant } from './cases.api';
import { LIMITS } from '../../../../src/shared/limits';

/** 申请人: a person with a 身份证号 or an organisation with a 统一社会信用代码 (checked by the server). */
export function ApplicantForm({ form, initial }: { form: FormInstance<Applicant>; initial?: Partial<Applicant> }) {
  const type = Form.useWatch('type', form) ?? initial?.type ?? 'person';
  return (
    <Form form={form} layout="vertical" initialValues={{ type: 'person', ...initial }} style={{ maxWidth: 520 }}>
      <Form.Item name="type" label="申请人类型">
        <Radio.Group optionType="button" options={[{ value: 'person', label: '个人' }, { value: 'organization', label: '企业/单位' }]} />
      </Form.Item>
      <Form.Item name="name" label={type === 'person' ? '姓名' : '单位名称'} rules={[{ required: true, message: '请填写申请人' }]}>
        <Input autoComplete="off" />
      </Form.Item>
      {type === 'person' ? (
        <Form.Item name="idNumber" label="身份证号" rules={[{ required: true, len: 18, message: '身份证号应为 18 位' }]}>
          <Input autoComplete="off" maxLength={LIMITS.idNumber} />
        </Form.Item>
      ) : (
        <Form.Item name="creditCode" label="统一社会信用代码" rules={[{ required: true, len: 18, message: '统一社会信用代码应为 18 位' }]}>
          <Input autoComplete="off" maxLength={LIMITS.idNumber} />
        </Form.Item>
      )}
      <Form.Item name="phone" label="联系电话">
        <Input autoComplete="off" inputMode="tel" />
      </Form.Item>
    </Form>
  );
}
