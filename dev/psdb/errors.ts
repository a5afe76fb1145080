// SQL errors rendered like Vitess does before PlanetScale's HTTP API returns them
// (vttablet's convertErrorCode plus its "target: ... desc = ..." message format).

export interface WireError {
  message: string;
  code: string;
}

const CODE_BY_ERRNO = new Map<number, string>();

function assign(code: string, errnos: readonly number[]): void {
  for (const errno of errnos) CODE_BY_ERRNO.set(errno, code);
}

assign('ALREADY_EXISTS', [1050, 1062, 1086, 1125]);
assign('NOT_FOUND', [1029, 1032, 1054, 1094, 1109, 1122, 1141, 1146, 1147, 1176]);
assign('PERMISSION_DENIED', [1044, 1045, 1095, 1142, 1143, 1227]);
assign('RESOURCE_EXHAUSTED', [1037, 1038, 1040, 1041, 1114, 1129, 1135, 1153, 1203, 1206, 1226]);
assign('DEADLINE_EXCEEDED', [1205]);
assign('ABORTED', [1078, 1080, 1152, 1213]);
assign('UNAVAILABLE', [1053, 2002, 2003, 2006, 2013]);
assign('CANCELED', [1317]);
assign('UNIMPLEMENTED', [1235]);
assign(
  'FAILED_PRECONDITION',
  [
    1046, 1091, 1099, 1100, 1104, 1148, 1169, 1173, 1179, 1207, 1215, 1216, 1217, 1223, 1241, 1242,
    1288, 1289, 1291, 1364, 1451, 1452,
  ],
);
assign(
  'INVALID_ARGUMENT',
  [
    1048, 1049, 1051, 1052, 1055, 1056, 1057, 1058, 1059, 1060, 1061, 1063, 1064, 1065, 1066, 1067,
    1068, 1069, 1070, 1071, 1072, 1073, 1074, 1075, 1083, 1084, 1085, 1089, 1090, 1093, 1096, 1097,
    1101, 1102, 1103, 1106, 1107, 1108, 1110, 1111, 1113, 1115, 1116, 1117, 1118, 1120, 1121, 1128,
    1136, 1138, 1139, 1140, 1144, 1149, 1166, 1167, 1170, 1171, 1172, 1192, 1193, 1210, 1221, 1222,
    1228, 1229, 1231, 1232, 1233, 1234, 1238, 1239, 1240, 1247, 1248, 1250, 1253, 1264, 1267, 1270,
    1271, 1272, 1273, 1280, 1281, 1283, 1292, 1293, 1294, 1298, 1300, 1366, 1367, 1406, 1690,
  ],
);

const GRPC_NAME: Readonly<Record<string, string>> = {
  ALREADY_EXISTS: 'AlreadyExists',
  NOT_FOUND: 'NotFound',
  PERMISSION_DENIED: 'PermissionDenied',
  RESOURCE_EXHAUSTED: 'ResourceExhausted',
  DEADLINE_EXCEEDED: 'DeadlineExceeded',
  ABORTED: 'Aborted',
  UNAVAILABLE: 'Unavailable',
  CANCELED: 'Canceled',
  UNIMPLEMENTED: 'Unimplemented',
  FAILED_PRECONDITION: 'FailedPrecondition',
  INVALID_ARGUMENT: 'InvalidArgument',
  UNKNOWN: 'Unknown',
};

interface SqlErrorLike {
  message: string;
  code?: unknown;
  errno?: unknown;
  sqlState?: unknown;
  sqlMessage?: unknown;
}

export function vitessCode(errno: number | undefined): string {
  return (errno !== undefined && CODE_BY_ERRNO.get(errno)) || 'UNKNOWN';
}

// Network failures also carry a (negative, OS-level) errno, so only sqlMessage marks a server error.
function describe(err: unknown): { code: string; detail: string } {
  const e: SqlErrorLike = err instanceof Error ? err : { message: String(err) };
  if (typeof e.errno === 'number' && typeof e.sqlMessage === 'string') {
    const sqlState = typeof e.sqlState === 'string' ? e.sqlState : 'HY000';
    return {
      code: vitessCode(e.errno),
      detail: `${e.sqlMessage} (errno ${e.errno}) (sqlstate ${sqlState})`,
    };
  }
  const unavailable =
    typeof e.code === 'string' && /^(E[A-Z]+|PROTOCOL_CONNECTION_LOST)$/.test(e.code);
  return { code: unavailable ? 'UNAVAILABLE' : 'UNKNOWN', detail: e.message };
}

export interface ErrorContext {
  database: string;
  username: string;
  query: string;
}

/** PlanetScale's `{message, code}` for an error raised while running `query`. */
export function toWireError(err: unknown, ctx: ErrorContext): WireError {
  const { code, detail } = describe(err);
  const sql = ctx.query.length > 1024 ? `${ctx.query.slice(0, 1024)}...` : ctx.query;
  return {
    code,
    message:
      `target: ${ctx.database}.-.primary: vttablet: rpc error: code = ${GRPC_NAME[code] ?? 'Unknown'} desc = ${detail} ` +
      `(CallerID: ${ctx.username}): Sql: ${JSON.stringify(sql)}, BindVars: {REDACTED}`,
  };
}

/** An error Vitess raises itself (no MySQL errno), e.g. for a transaction that no longer exists or a result too large. */
export function vitessError(code: string, desc: string, ctx: ErrorContext): WireError {
  return {
    code,
    message: `target: ${ctx.database}.-.primary: vttablet: rpc error: code = ${GRPC_NAME[code] ?? 'Unknown'} desc = ${desc} (CallerID: ${ctx.username})`,
  };
}
