// Shapes of the connection parameters, shared by main.bicep and the function app module.

@export()
@description('A Netmera app the deployment reads. Its REST API key is the Key Vault secret netmera-<name>-api-key.')
type netmeraConnection = {
  @description('The name requests use (netmera.connection): lower-case letters, digits and dashes (it is part of a secret name).')
  name: string
  @description('REST endpoint; default https://restapi.netmera.com.')
  baseUrl: string?
}

@export()
@description('A Pipedrive company the deployment writes to. Its token is the Key Vault secret pipedrive-<name>-api-token (or pipedrive-<name>-oauth-access-token).')
type pipedriveConnection = {
  @description('The name requests use (pipedrive.connection): lower-case letters, digits and dashes (it is part of a secret name).')
  name: string
  @description('The company domain, e.g. https://acme.pipedrive.com.')
  baseUrl: string
  @description('The account\'s plan: sets the daily token budget, the burst window and the custom-field cap. Default Lite, the most cautious.')
  plan: ('Lite' | 'Growth' | 'Professional' | 'Premium' | 'Ultimate')?
  @description('Paid seats (the daily budget grows with them). Default 1.')
  seats: int?
  @description('Purchased top-up tokens a day. Default 0.')
  topUpTokens: int?
  @description('IANA zone whose midnight resets the daily budget. Default UTC.')
  budgetTimeZone: string?
  @description('An API token (sent as x-api-token) or an OAuth access token (sent as a bearer token). Default ApiToken.')
  credential: ('ApiToken' | 'OAuthAccessToken')?
}
