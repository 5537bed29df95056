import type { SurfaceRoutes } from '../routes.js';
import { handleAllRefused } from './all-shops-ng/all-refused.js';
import { ALL_SHOPS_NG_ACTIONS, ALL_SHOPS_NG_VIEWS } from '../../views/ids/procedures/all-shops-ng.js';
import { handleOpenCancel } from './all-shops-ng/open-cancel.js';
import { handleOpenReschedule } from './all-shops-ng/open-reschedule.js';
import { handleOpenShopSearch } from './all-shops-ng/open-shop-search.js';
import { handleCancelSubmit } from './all-shops-ng/submit-cancel.js';
import { handleRescheduleSubmit } from './all-shops-ng/submit-reschedule.js';
import { handleShopFoundSubmit } from './all-shops-ng/submit-shop-found.js';
import { AMBIGUOUS_ACTIONS, AMBIGUOUS_VIEWS } from '../../views/ids/procedures/ambiguous-answer.js';
import { handleOpenAmbiguousNg } from './ambiguous-answer/open-ng.js';
import { handleOpenAmbiguousOk } from './ambiguous-answer/open-ok.js';
import { handleAmbiguousNgSubmit } from './ambiguous-answer/submit-ng.js';
import { handleAmbiguousOkSubmit } from './ambiguous-answer/submit-ok.js';
import { CHANGE_ACTIONS, CHANGE_VIEWS } from '../../views/ids/procedures/change-request.js';
import { handleOpenChangeAccept } from './change-request/open-accept.js';
import { handleOpenChangeReject } from './change-request/open-reject.js';
import { handleChangeAcceptSubmit } from './change-request/submit-accept.js';
import { handleChangeRejectSubmit } from './change-request/submit-reject.js';
import { LATE_CANCEL_ACTIONS, LATE_CANCEL_VIEWS } from '../../views/ids/procedures/late-cancel.js';
import { handleOpenPolicyCancel } from './late-cancel/open-policy.js';
import { handleOpenSpecialCancel } from './late-cancel/open-special.js';
import { handlePolicyCancelSubmit } from './late-cancel/submit-policy.js';
import { handleSpecialCancelSubmit } from './late-cancel/submit-special.js';
import { handleAcknowledgePaymentExpired } from './payment-expired/acknowledge.js';
import { PAYMENT_EXPIRED_ACTIONS } from '../../views/ids/procedures/payment-expired.js';
import { SMS_FAILED_ACTIONS, SMS_FAILED_VIEWS } from '../../views/ids/procedures/sms-failed.js';
import { handleOpenSmsFailed } from './sms-failed/open.js';
import { handleSmsPhoneConfirm } from './sms-failed/confirm-phone.js';
import { handleSmsFailedSubmit } from './sms-failed/submit.js';
import { handleAcknowledgeSystem } from './system/acknowledge.js';
import { SYSTEM_ACTIONS } from '../../views/ids/procedures/system.js';
import { STALE_VIEWS } from '../../views/ids/procedures/stale.js';
import { handleCloseStaleSubmit } from './stale/submit-close.js';
import { INQUIRY_ACTIONS, INQUIRY_VIEWS } from '../../views/ids/procedures/inquiry.js';
import { handleOpenInquiryDone } from './inquiry/open-done.js';
import { handleInquiryDoneSubmit } from './inquiry/submit-done.js';
import { handleInquiryReservations } from './inquiry/reservations.js';
import { handleOpenInquiryReply } from './inquiry/open-reply.js';
import { handleInquiryReplySubmit } from './inquiry/submit-reply.js';

/** The manual's procedures (§3): each alert button and each modal submission to its handler. */
export const procedureRoutes: SurfaceRoutes = {
  actions: [
    [ALL_SHOPS_NG_ACTIONS.shopSearch, handleOpenShopSearch],
    [ALL_SHOPS_NG_ACTIONS.reschedule, handleOpenReschedule],
    [ALL_SHOPS_NG_ACTIONS.cancel, handleOpenCancel],
    [ALL_SHOPS_NG_ACTIONS.allRefused, handleAllRefused],
    [SMS_FAILED_ACTIONS.record, handleOpenSmsFailed],
    [PAYMENT_EXPIRED_ACTIONS.acknowledge, handleAcknowledgePaymentExpired],
    [AMBIGUOUS_ACTIONS.ok, handleOpenAmbiguousOk],
    [AMBIGUOUS_ACTIONS.ng, handleOpenAmbiguousNg],
    [CHANGE_ACTIONS.accept, handleOpenChangeAccept],
    [CHANGE_ACTIONS.reject, handleOpenChangeReject],
    [LATE_CANCEL_ACTIONS.special, handleOpenSpecialCancel],
    [LATE_CANCEL_ACTIONS.policy, handleOpenPolicyCancel],
    [SYSTEM_ACTIONS.acknowledge, handleAcknowledgeSystem],
    [INQUIRY_ACTIONS.reservations, handleInquiryReservations],
    [INQUIRY_ACTIONS.done, handleOpenInquiryDone],
    [INQUIRY_ACTIONS.reply, handleOpenInquiryReply],
  ],
  submissions: [
    [ALL_SHOPS_NG_VIEWS.shopFound, handleShopFoundSubmit],
    [ALL_SHOPS_NG_VIEWS.reschedule, handleRescheduleSubmit],
    [ALL_SHOPS_NG_VIEWS.cancel, handleCancelSubmit],
    [SMS_FAILED_VIEWS.resend, handleSmsFailedSubmit],
    [SMS_FAILED_VIEWS.confirmPhone, handleSmsPhoneConfirm],
    [AMBIGUOUS_VIEWS.ok, handleAmbiguousOkSubmit],
    [AMBIGUOUS_VIEWS.ng, handleAmbiguousNgSubmit],
    [CHANGE_VIEWS.accept, handleChangeAcceptSubmit],
    [CHANGE_VIEWS.reject, handleChangeRejectSubmit],
    [LATE_CANCEL_VIEWS.special, handleSpecialCancelSubmit],
    [LATE_CANCEL_VIEWS.policy, handlePolicyCancelSubmit],
    [STALE_VIEWS.close, handleCloseStaleSubmit],
    [INQUIRY_VIEWS.done, handleInquiryDoneSubmit],
    [INQUIRY_VIEWS.reply, handleInquiryReplySubmit],
  ],
};
