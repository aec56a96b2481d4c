// The migration engine in Azure: one resource group holding the Functions app (Flex Consumption,
// .NET 10 isolated), its storage account (durable task hub, staging blobs, run tables), Application
// Insights, and a Key Vault for the vendors' API keys. The app reaches storage and Key Vault with a
// user-assigned managed identity; no key or token is a parameter or an app setting value.
targetScope = 'subscription'

import { netmeraConnection, pipedriveConnection } from 'modules/types.bicep'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds the resource names.')
param environmentName string

@minLength(1)
@description('Azure region for every resource; it must offer Flex Consumption.')
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the person (or pipeline) deploying: allowed to set Key Vault secrets and upload export files. Empty: nobody.')
param principalId string = ''

@description('Netmera apps this deployment reads. Each secret netmera-<name>-api-key is set in the Key Vault after deploying.')
param netmeraConnections netmeraConnection[] = []

@description('Pipedrive companies this deployment writes to. Each secret pipedrive-<name>-api-token (or -oauth-access-token) is set in the Key Vault after deploying.')
param pipedriveConnections pipedriveConnection[] = []

@minValue(40)
@maxValue(1000)
@description('Most instances Flex Consumption may scale the app to. The Pipedrive budget is shared by all of them (DESIGN §4.4), so more instances never spend more tokens.')
param maximumInstanceCount int = 40

@allowed([512, 2048, 4096])
@description('Memory of each instance in MB.')
param instanceMemoryMB int = 2048

@description('Key Vault purge protection. On for production: a deleted vault and its secrets stay recoverable for 90 days, and the name stays taken.')
param keyVaultPurgeProtection bool = false

var tags = { 'azd-env-name': environmentName }
var token = toLower(uniqueString(subscription().id, environmentName, location))

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: group
  params: { name: 'id-${token}', location: location, tags: tags }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: group
  params: { token: token, location: location, tags: tags }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: group
  params: {
    name: 'st${token}'
    location: location
    tags: tags
    appPrincipalId: identity.outputs.principalId
    operatorPrincipalId: principalId
  }
}

module vault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  scope: group
  params: {
    name: 'kv-${token}'
    location: location
    tags: tags
    purgeProtection: keyVaultPurgeProtection
    appPrincipalId: identity.outputs.principalId
    operatorPrincipalId: principalId
  }
}

// The app reads storage and Key Vault references as soon as it starts. It takes outputs of both
// modules, so ARM deploys it after them, and after their role assignments.
module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  scope: group
  params: {
    name: 'func-${token}'
    planName: 'plan-${token}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultUri: vault.outputs.uri
    netmeraConnections: netmeraConnections
    pipedriveConnections: pipedriveConnections
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
}

output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_URL string = functionApp.outputs.url
output AZURE_KEY_VAULT_NAME string = vault.outputs.name
output AZURE_KEY_VAULT_SECRETS string[] = functionApp.outputs.secretNames
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output MIGRATION_TASK_HUB string = functionApp.outputs.taskHub
