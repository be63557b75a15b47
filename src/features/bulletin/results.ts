export interface BulletinData {
  bulletin: { file: string; chart: string | null; red: string[]; yellow: string[]; overdue: number }
}

export type BulletinOutcome = 'bulletin' | 'bulletin:unsupported'
