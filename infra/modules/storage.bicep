// The storage account: the Functions host and the durable task hub (queues, tables, leases), the
// app's run tables and staging container (created by the app on start, named after the task hub),
// and the container Flex Consumption deploys the app package from. Shared keys are off: every
// client signs in with Entra ID (the app with its managed identity).
param name string
param location string
param tags object

@description('The function app\'s managed identity.')
param appPrincipalId string

@description('The deploying person, who may upload Netmera export files (imports/<folder>/). Empty: nobody.')
param operatorPrincipalId string

var deploymentContainer = 'app-package'

// Built-in role ids.
var blobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var queueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var tableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource packages 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: deploymentContainer
}

// The durable task hub needs all three; the app's ledger, checkpoints and staged batches need tables and blobs.
resource appRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [blobDataContributor, queueDataContributor, tableDataContributor]: {
  name: guid(account.id, appPrincipalId, role)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}]

resource operatorUploads 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(account.id, operatorPrincipalId, blobDataContributor)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributor)
    principalId: operatorPrincipalId
  }
}

output name string = account.name
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainer}'
