/**
 * Sample packets copied from Tencent's pages in shared/seeds (comments removed). The emulator's
 * answers must have the same shape.
 */

/** [S1] "Creating Official Channel" sample request. */
export const CREATE_REQUEST = {
    OfficialAccountUserID: "@TOA#_test_id",
    Owner_Account: "107867",
    CustomString: "test_custom_string",
    FaceUrl: "http://this.is.face.url",
    Introduction: "This is test Introduction",
    MaxSubscriberNum: 1000,
    Name: "test_official_account",
    Organization: "test_organization",
};

/** [S1] sample response. */
export const CREATE_RESPONSE = {
    ActionStatus: "OK",
    ErrorInfo: "",
    ErrorCode: 0,
    OfficialAccountUserID: "@TOA#_test_id",
};

/** [S3] get_official_account_info sample request (IDs as in the sample). */
export const GET_INFO_REQUEST = {
    OfficialAccountIdList: [{ Official_Account: "@TOA#_test_for_penn" }, { Official_Account: "@TOA#_@TOA#dZDP" }],
    ResponseFilter: {
        OfficialAccountBaseInfoFilter: [
            "CreateTime",
            "Name",
            "Owner_Account",
            "LastMsgTime",
            "SubscriberNum",
            "Introduction",
            "FaceUrl",
            "Organization",
            "CustomString",
        ],
    },
};

/** [S3] sample response: one element of OfficialAccountInfoList. */
export const GET_INFO_ITEM = {
    ErrorCode: 0,
    ErrorInfo: "",
    Name: "test_modify_official_account3",
    Official_Account: "@TOA#_test_for_penn",
    CreateTime: 1696577604,
    Owner_Account: "107867",
    LastMsgTime: 1699501664,
    SubscriberNum: 780031,
    Introduction: "test compare introduction",
    FaceUrl: "http://this.is.face.url1",
    Organization: "test compare organization",
    CustomString: "modify_custom_string",
};

/** [S2] get_subscribed_official_account_list sample request. */
export const SUBSCRIBED_LIST_REQUEST = {
    Subscriber_Account: "107867",
    Limit: 200,
    Offset: 0,
    ResponseFilter: {
        OfficialAccountBaseInfoFilter: GET_INFO_REQUEST.ResponseFilter.OfficialAccountBaseInfoFilter,
        SelfInfoFilter: ["SubscribeTime", "CustomString"],
    },
};

/** [S2] sample response (one list element). The sample omits CreateTime although its filter asks for it. */
export const SUBSCRIBED_LIST_RESPONSE = {
    ActionStatus: "OK",
    ErrorInfo: "",
    ErrorCode: 0,
    TotalCount: 8,
    OfficialAccountInfoList: [
        {
            Name: "test_mill_subscriber_OA",
            Official_Account: "@TOA#_test_mill_subscriber_OA",
            Owner_Account: "107867",
            LastMsgTime: 1698894911,
            SubscriberNum: 499800,
            Introduction: "This is test Introduction",
            FaceUrl: "http://this.is.face.url",
            Organization: "Tencent",
            CustomString: "test_custom_string",
            SelfInfo: { SubscribeTime: 1700655351, CustomString: "" },
        },
    ],
    CompleteFlag: 1,
    Next: 0,
};
