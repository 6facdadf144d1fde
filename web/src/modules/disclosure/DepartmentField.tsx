import { Form, Select } from 'antd';
import { useApi } from '../../app/useApi';
import { useUser } from '../../app/auth';
import { disclosureApi } from './disclosure.api';

/** The site a new item belongs to: a publisher's own department (fixed), or chosen by an admin. */
export function DepartmentField() {
  const user = useUser();
  const own = user.roles.includes('publisher') && user.departmentId !== null;
  const deps = useApi(() => (own ? Promise.resolve([]) : disclosureApi.departments()), [own]);
  if (own) {
    return (
      <Form.Item name="departmentId" initialValue={user.departmentId} hidden>
        <input />
      </Form.Item>
    );
  }
  return (
    <Form.Item name="departmentId" label="所属网站（单位）" rules={[{ required: true, message: '请选择单位' }]}>
      <Select showSearch optionFilterProp="label" options={(deps.data ?? []).map((d) => ({ value: d.id, label: d.name }))} />
    </Form.Item>
  );
}

/** Department names by id, for lists that span sites (admin, leader, supervisor). */
export function useDepartmentNames(): Map<number, string> {
  const deps = useApi(() => disclosureApi.departments(), []);
  return new Map((deps.data ?? []).map((d) => [d.id, d.name]));
}

/** Publishers and admins write; leaders and supervisors read the same pages without the write buttons. */
export function useCanEdit(): boolean {
  const user = useUser();
  return user.roles.includes('publisher') || user.roles.includes('admin');
}
