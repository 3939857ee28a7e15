import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../../http/errors';
import { createQuestionSource, type ArticleLookup, type QuestionSource } from './quiz-source';
import { createWeakSpotsService } from './weakspots.service';
import { createWrongBookService } from './wrongbook.service';
import { createDailyService } from './daily.service';
import { createPracticeService } from './practice.service';
import { createLeaderboardService } from './leaderboard.service';
import { createCertificatesService } from './certificates.service';
import { createCampaignsService } from './campaigns.service';
import { createCampaignAttemptsService } from './campaign-attempts.service';
import { createCampaignResultsService } from './campaign-results.service';

/**
 * A per-user limit on scoring endpoints, tighter than the app-wide one: keyed by user id (offices
 * and schools share addresses). In memory per instance; with several instances, swap in
 * RateLimiterRedis (same interface).
 */
export function createUserLimiter(points: number, durationSeconds: number) {
  const limiter = new RateLimiterMemory({ points, duration: durationSeconds });
  return async (userId: string) => {
    try {
      await limiter.consume(userId);
    } catch (res) {
      if (res instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
      throw res;
    }
  };
}

export interface QuizModesDeps {
  clock: () => Date;
  /** Keys the certificate codes (HMAC), so they cannot be guessed. */
  secret: string;
  /** The Civil Code look-up, for article texts in feedback and weak spots. */
  articles?: ArticleLookup;
  /** Defaults to the question bank in the database. */
  questions?: QuestionSource;
  /** Submissions (daily, campaign) per user per minute. */
  submitsPerMinute?: number;
  /** Single answers (practice, wrong-answer book) per user per minute. */
  answersPerMinute?: number;
}

/**
 * Builds the quiz modes' services around one question source.
 *
 * Concurrency, measured on FerretDB 1.24 (SQLite backend), the test and embedded database: 50
 * concurrent `$inc` of one document left it at 4; 20 concurrent `findOneAndUpdate({_id, status:
 * 'open'})` all matched (4–6 "won"); only an insert with a given `_id` is refused atomically
 * (E11000) when it races. So every "exactly once" here is an INSERT with a deterministic `_id`:
 * the daily result `${date}:${userId}`, campaign attempt `${campaignId}:${userId}:${n}` and its
 * result, the certificate (its code is an HMAC of campaign and person). Documents that several
 * people would update at once (leaderboard counters, township weak-spot counters) are avoided:
 * each person writes only their own documents, and the shared views are summed on read and cached.
 */
export function createQuizModes(deps: QuizModesDeps) {
  const { clock, articles } = deps;
  const questions = deps.questions ?? createQuestionSource();
  const weakSpots = createWeakSpotsService({ clock, articles });
  const wrongBook = createWrongBookService({ clock, questions, articles, weakSpots });
  const daily = createDailyService({ clock, questions, articles, wrongBook });
  const leaderboard = createLeaderboardService({ clock });
  const certificates = createCertificatesService({ secret: deps.secret });
  const campaigns = createCampaignsService({ clock, questions });
  const campaignResults = createCampaignResultsService({ clock, questions, articles, campaigns, wrongBook, leaderboard, certificates });
  const campaignAttempts = createCampaignAttemptsService({ clock, questions, articles, campaigns, results: campaignResults });
  const practice = createPracticeService({ questions, articles, wrongBook, openCampaignQuestionIds: (actor) => campaignAttempts.openQuestionIds(actor) });
  return {
    questions,
    weakSpots,
    wrongBook,
    daily,
    practice,
    leaderboard,
    certificates,
    campaigns,
    campaignAttempts,
    campaignResults,
    limits: {
      submit: createUserLimiter(deps.submitsPerMinute ?? 20, 60),
      answer: createUserLimiter(deps.answersPerMinute ?? 120, 60),
    },
  };
}

export type QuizModes = ReturnType<typeof createQuizModes>;
