import type { Department, Employee } from '@rexian/contracts';
import type { Actor } from '../../http/actor.ts';
import type { DepartmentsRepository } from '../departments/departments.repository.ts';
import type { EmployeesService } from '../employees/employees.service.ts';

export type DirectoryGroup = {
  departmentId: string;
  departmentName: string;
  employees: Pick<Employee, 'id' | 'code' | 'name' | 'mobile' | 'phone' | 'email'>[];
};

/**
 * The internal directory (§4.3.1): read-only, grouped by department — an employee appears under the
 * formal department and under each temporary one. It is a view of employees, so it follows their scope.
 */
export function createDirectoryService(d: { employees: EmployeesService; departments: DepartmentsRepository }) {
  return {
    async groups(actor: Actor): Promise<DirectoryGroup[]> {
      const { items } = await d.employees.list(actor, {});
      const departments = await d.departments.listAll();
      const byId = new Map<string, Department>(departments.map((x) => [x.id, x]));
      const groups = new Map<string, DirectoryGroup>();
      const add = (depId: string, e: Employee) => {
        const dep = byId.get(depId);
        if (!dep) return;
        let g = groups.get(depId);
        if (!g) {
          g = { departmentId: depId, departmentName: dep.name, employees: [] };
          groups.set(depId, g);
        }
        g.employees.push({ id: e.id, code: e.code, name: e.name, mobile: e.mobile, phone: e.phone, email: e.email });
      };
      for (const e of items) {
        add(e.departmentId, e);
        for (const t of e.temporaryDepartmentIds) add(t, e);
      }
      const order = new Map(departments.map((x, i) => [x.id, i]));
      return [...groups.values()].sort((a, b) => (order.get(a.departmentId) ?? 0) - (order.get(b.departmentId) ?? 0));
    },
  };
}
export type DirectoryService = ReturnType<typeof createDirectoryService>;
