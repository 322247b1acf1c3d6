import { DirectoryContract } from './directory/directory.contract';
import { HeartbeatContract } from './heartbeat/heartbeat.contract';
import { PaymentContract } from './payment/payment.contract';
import { RuleSetContract } from './rules/rule-set.contract';
import { VerificationContract } from './verification/verification.contract';

/** The contracts `fabric-chaincode-node server` serves; the first is the default for unqualified names. */
export const contracts = [HeartbeatContract, DirectoryContract, PaymentContract, RuleSetContract, VerificationContract];
