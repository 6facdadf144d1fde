import { useNavigate, useParams } from 'react-router-dom';
import { Empty } from 'antd';
import { OrderDrawer } from './OrderDrawer';

/** One work order at its own address (/hotline/orders/:id), for links from cards and drill-downs: the detail drawer, open. */
export default function OrderPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const n = Number(id);
  if (!Number.isInteger(n) || n < 1) return <Empty description="工单编号无效" />;
  return <OrderDrawer id={n} onClose={() => (window.history.length > 1 ? navigate(-1) : navigate('/'))} />;
}
