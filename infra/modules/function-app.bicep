// The Functions app on Flex Consumption (.NET 10 isolated) and its app settings. Settings are named
// exactly as the app reads them (.NET configuration, "__" for ":"); API keys and tokens are Key Vault
// references, resolved by the platform with the app's managed identity.
import { netmeraConnection, pipedriveConnection } from 'types.bicep'

param name string
param planName string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerUrl string
param applicationInsightsName string
param keyVaultUri string
param netmeraConnections netmeraConnection[]
param pipedriveConnections pipedriveConnection[]
param maximumInstanceCount int
param instanceMemoryMB int

@description('NCRONTAB schedule of the delta sync timer during cutover (docs/cutover.md).')
param deltaSyncSchedule string = '0 */5 * * * *'

// The task hub is named once, in host.json; the app's run tables and container derive from the same name.
var taskHub = loadJsonContent('../../host.json').extensions.durableTask.hubName

@description('A setting value the platform replaces with the secret\'s current version.')
func keyVaultReference(vaultUri string, secret string) string => '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secret}/)'

func netmeraSecret(connection string) string => 'netmera-${connection}-api-key'

func pipedriveSecret(connection string, credential string) string =>
  'pipedrive-${connection}-${credential == 'OAuthAccessToken' ? 'oauth-access-token' : 'api-token'}'

// Storage through the managed identity (no connection string): the Functions host and durable
// extension read these, and so does the app's own run storage (StorageServiceCollectionExtensions).
var platformSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
  Migration__TaskHub: taskHub
  DeltaSyncSchedule: deltaSyncSchedule
}

var netmeraSettings = reduce(netmeraConnections, {}, (settings, c) => union(settings, {
  'Netmera__Connections__${c.name}__BaseUrl': c.?baseUrl ?? 'https://restapi.netmera.com'
  'Netmera__Connections__${c.name}__ApiKey': keyVaultReference(keyVaultUri, netmeraSecret(c.name))
}))

var pipedriveSettings = reduce(pipedriveConnections, {}, (settings, c) => union(settings, {
  'Pipedrive__Connections__${c.name}__BaseUrl': c.baseUrl
  'Pipedrive__Connections__${c.name}__Plan': c.?plan ?? 'Lite'
  'Pipedrive__Connections__${c.name}__Seats': string(c.?seats ?? 1)
  'Pipedrive__Connections__${c.name}__TopUpTokens': string(c.?topUpTokens ?? 0)
  'Pipedrive__Connections__${c.name}__${c.?credential ?? 'ApiToken'}': keyVaultReference(keyVaultUri, pipedriveSecret(c.name, c.?credential ?? 'ApiToken'))
}, empty(c.?budgetTimeZone ?? '') ? {} : {
  'Pipedrive__Connections__${c.name}__BudgetTimeZone': c.?budgetTimeZone ?? ''
}))

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'migration' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with this identity (the app has no system-assigned one).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: union(platformSettings, netmeraSettings, pipedriveSettings)
  }
}

output name string = app.name
output url string = 'https://${app.properties.defaultHostName}'
output taskHub string = taskHub
output secretNames string[] = concat(
  map(netmeraConnections, c => netmeraSecret(c.name)),
  map(pipedriveConnections, c => pipedriveSecret(c.name, c.?credential ?? 'ApiToken')))
