// mailparser (installed with aws-ses-v2-local, which parses mail with it) has no bundled types:
// the little the e-mail tests read back.
declare module 'mailparser' {
  interface AddressObject {
    value: { address?: string; name: string }[];
    text: string;
  }
  export interface ParsedMail {
    subject?: string;
    from?: AddressObject;
    to?: AddressObject | AddressObject[];
    text?: string;
    html: string | false;
    headers: Map<string, unknown>;
    messageId?: string;
  }
  export function simpleParser(source: Buffer | string): Promise<ParsedMail>;
}
