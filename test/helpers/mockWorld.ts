// The harness lives in bot/ because `npm run chat` drives the same mock world.
export * from '../../bot/mockWorld.js'
