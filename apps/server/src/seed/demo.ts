import type { Database } from '@rexian/db';
import { newId } from '@rexian/kernel';

/** A small demo organisation on an empty database (REXIAN_DEMO=true): departments and employees. */
export async function seedDemo(db: Database): Promise<boolean> {
  const n = await db.query<{ n: number }>('SELECT count(*) AS n FROM departments');
  if ((n.rows[0]?.n ?? 0) > 0) return false;
  await db.transaction(async (tx) => {
    const dept = async (name: string, parentId: string | null, sort: number, temporary = false) => {
      const id = newId();
      await tx.query('INSERT INTO departments (id, parent_id, name, is_temporary, sort_order) VALUES ($1, $2, $3, $4, $5)', [
        id,
        parentId,
        name,
        temporary,
        sort,
      ]);
      return id;
    };
    const root = await dept('热线科技', null, 0);
    const cc = await dept('客服中心', root, 1);
    const inbound = await dept('呼入组', cc, 1);
    const outbound = await dept('呼出组', cc, 2);
    const sales = await dept('销售部', root, 2);
    const tech = await dept('技术部', root, 3);
    const night = await dept('夜班临时组', root, 9, true);
    const people: [string, string, string, string, string[]][] = [
      ['E001', '张伟', cc, '13800138001', []],
      ['E002', '王芳', inbound, '13800138002', [night]],
      ['E003', '李娜', inbound, '13800138003', []],
      ['E004', '刘洋', outbound, '13800138004', [night]],
      ['E005', '陈静', outbound, '13800138005', []],
      ['E006', '杨磊', sales, '13800138006', []],
      ['E007', '赵敏', sales, '13800138007', []],
      ['E008', '黄涛', tech, '13800138008', []],
    ];
    for (const [code, name, dep, mobile, temps] of people) {
      const id = newId();
      await tx.query('INSERT INTO employees (id, code, name, department_id, mobile, email) VALUES ($1, $2, $3, $4, $5, $6)', [
        id,
        code,
        name,
        dep,
        mobile,
        `${code.toLowerCase()}@demo.rexian.local`,
      ]);
      for (const t of temps) {
        await tx.query('INSERT INTO employee_temporary_departments (employee_id, department_id) VALUES ($1, $2)', [id, t]);
      }
    }
  });
  return true;
}
