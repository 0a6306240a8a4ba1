import ConsignCore

/// Why an age file did not open; its sentences are the catalogue's (`DeliveryText.cannotOpen`).
package typealias AgeFailure = ConsignCore.AgeFailure
