import { SCOPE_TERMINATOR, SERVICE_NAME } from "../protocol/constants";

/**
 * Formats a date as the SigV4 `X-Amz-Date` value, `YYYYMMDDTHHMMSSZ` in UTC.
 *
 * @public
 */
export const formatAmzDate = (date: Date): string =>
  date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");

/**
 * The credential scope `YYYYMMDD/<region>/rolesanywhere/aws4_request`.
 *
 * @public
 */
export const createScope = (amzDate: string, region: string, service: string = SERVICE_NAME): string =>
  `${amzDate.slice(0, 8)}/${region}/${service}/${SCOPE_TERMINATOR}`;
