import { DatePicker } from 'antd';
import dayjs from 'dayjs';

const FORMAT = 'YYYY-MM-DD';

/** A date picker whose form value is the API's `YYYY-MM-DD` string (or null), not a dayjs object. */
export function DateField(props: {
  value?: string | null;
  onChange?: (value: string | null) => void;
  placeholder?: string;
  testId: string;
}) {
  const { value, onChange, placeholder, testId } = props;
  const parsed = value ? dayjs(value, FORMAT) : null;
  return (
    <DatePicker
      value={parsed?.isValid() ? parsed : null}
      onChange={(d) => onChange?.(d ? d.format(FORMAT) : null)}
      format={FORMAT}
      placeholder={placeholder}
      style={{ width: 150 }}
      data-testid={testId}
    />
  );
}
