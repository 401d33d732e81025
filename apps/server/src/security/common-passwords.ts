// Common passwords refused for console users (lower-case). Leaked-password top lists plus
// call-center and Chinese favourites. The check is case-insensitive.
export const commonPasswords: ReadonlySet<string> = new Set([
  '123456', '123456789', '12345678', 'password', 'qwerty123', 'qwerty', '1234567890', '1234567',
  '111111', '123123', 'abc123', 'password1', '1q2w3e4r', 'admin', 'admin123', 'admin1234',
  'administrator', 'root', 'toor', '000000', 'iloveyou', '1qaz2wsx', 'qwertyuiop', '654321',
  '666666', '888888', '88888888', '123321', 'a123456', 'a12345678', 'aa123456', 'woaini1314',
  '5201314', '1314520', 'qq123456', '123456a', '123456aa', 'abcd1234', 'zxcvbnm', 'asdfghjkl',
  '11111111', '00000000', '12341234', '123qwe', '123abc', 'passw0rd', 'p@ssw0rd', 'p@ssword',
  'welcome', 'welcome1', 'letmein', 'monkey', 'dragon', 'football', 'baseball', 'sunshine',
  'princess', 'master', 'shadow', 'superman', 'michael', '1q2w3e4r5t', 'qazwsx', '147258369',
  '987654321', 'a1b2c3d4', 'changeme', 'default', 'guest', 'test1234', 'testtest', 'rexian',
  'rexian123', 'hotline', '12345678a', 'abc12345', 'asd123456', 'qwe123456', 'zxc123456', 'aaaaaaaa',
  '123654789', '11223344', '1234qwer', 'qwer1234', 'wang123456', 'zhang123456', 'li123456', 'woaini123',
  'woaini520', 'iloveyou1', 'admin888', 'admin666', 'admin@123', 'admin123456', 'root123', 'root1234',
]);
